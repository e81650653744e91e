package dev.jdock.daemon.service;

import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.config.LiveConfig;
import dev.jdock.daemon.config.ReloadableConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.events.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP: reads daemon.json again and puts its reloadable keys ({@link ReloadableConfig}) in force, the command-line
 * flags still winning; logs each change and emits the {@code daemon reload} event as dockerd does (Actor: the daemon
 * ID, its attributes the new values and the host name). A file that cannot be read or parsed or holds a bad value
 * changes nothing: the error is logged and the configuration in force stays.
 */
public final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final Path configFile;
    private final ReloadableConfig.Flags flags;
    private final LiveConfig live;
    private final EventSink events;
    private final Supplier<String> daemonId;
    private final Supplier<String> hostname;

    public ConfigReloader(Path configFile, ReloadableConfig.Flags flags, LiveConfig live, EventSink events,
            Supplier<String> daemonId, Supplier<String> hostname) {
        this.configFile = configFile;
        this.flags = flags;
        this.live = live;
        this.events = events;
        this.daemonId = daemonId;
        this.hostname = hostname;
    }

    /** The file and flags a reloader reads, before the daemon it acts on exists. */
    public record Source(Path configFile, ReloadableConfig.Flags flags) {
        public ConfigReloader reloader(LiveConfig live, EventSink events, Supplier<String> daemonId,
                Supplier<String> hostname) {
            return new ConfigReloader(configFile, flags, live, events, daemonId, hostname);
        }
    }

    /** One reload; true when the file's settings are now in force. Reloads never overlap. */
    public synchronized boolean reload() {
        ReloadableConfig next;
        try {
            next = ReloadableConfig.of(DaemonConfig.FileConfig.read(configFile), flags).validate();
        } catch (IOException | EngineException e) {
            LOG.error("unable to configure the jdock daemon with file {}: {}; the configuration in force is kept",
                    configFile, e.getMessage());
            return false;
        }
        ReloadableConfig before = live.replace(next);
        List<String> changes = next.changesFrom(before);
        if (changes.isEmpty()) {
            LOG.info("Reloaded configuration from {}: nothing changed", configFile);
        } else {
            LOG.info("Reloaded configuration from {}: {}", configFile, String.join("; ", changes));
        }
        try {
            events.emit("daemon", "reload", daemonId.get(), eventAttributes(next, hostname.get()));
        } catch (RuntimeException e) {
            LOG.warn("daemon reload event not emitted: {}", e.toString());
        }
        return true;
    }

    /** dockerd's LogDaemonEventWithAttributes: the reloadable values and the host name as {@code name}. */
    static Map<String, String> eventAttributes(ReloadableConfig c, String hostname) {
        Map<String, String> a = new TreeMap<>(c.attributes());
        if (hostname != null && !hostname.isEmpty()) {
            a.put("name", hostname);
        }
        return a;
    }
}
