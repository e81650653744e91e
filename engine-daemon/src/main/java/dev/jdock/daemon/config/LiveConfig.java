package dev.jdock.daemon.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * The reloadable settings in force: features read them through {@link #get()} at each operation (a pull's transfer
 * limits, a start's default ulimits and log options, /info's labels and registries), so a reload takes effect for
 * the next one without restarting anything. One holder per daemon, made by Jdockd and given to the features.
 */
public final class LiveConfig {
    private final AtomicReference<ReloadableConfig> current;

    public LiveConfig(ReloadableConfig initial) {
        this.current = new AtomicReference<>(initial);
    }

    public ReloadableConfig get() {
        return current.get();
    }

    /** Puts {@code next} in force (validated by the caller) and sets the log level; returns the one it replaced. */
    public ReloadableConfig replace(ReloadableConfig next) {
        ReloadableConfig before = current.getAndSet(next);
        applyLogLevel(next.effectiveLogLevel());
        return before;
    }

    /** The root logger's level (logback, configured by {@link LogSetup}); a no-op under another SLF4J binding. */
    static void applyLogLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(LogSetup.level(level));
        }
    }
}
