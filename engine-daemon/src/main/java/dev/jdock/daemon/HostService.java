package dev.jdock.daemon;

import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.config.LiveConfig;
import dev.jdock.daemon.service.ConfigReloader;
import dev.jdock.daemon.service.DaemonSignals;
import dev.jdock.daemon.service.SdNotify;
import dev.jdock.daemon.system.HostFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * jdockd as a host service: systemd's notifications around the daemon's life (STATUS= through the restore, READY=1
 * once the API serves, RELOADING=1 and READY=1 around a SIGHUP reload, STOPPING=1 at shutdown) and the signals
 * ({@link DaemonSignals}) acting on the running daemon. The same with or without systemd: without NOTIFY_SOCKET
 * nothing is sent.
 */
public final class HostService {
    private final SdNotify notify;
    private final DaemonSignals signals;

    public HostService(SdNotify notify, DaemonSignals signals) {
        this.notify = notify;
        this.signals = signals;
    }

    /** Starts the daemon, serves until SIGTERM or SIGINT, then shuts it down (the containers keep running). */
    public void run(DaemonConfig cfg, LiveConfig live, ConfigReloader.Source source)
            throws IOException, InterruptedException {
        try (Daemon daemon = Daemon.start(cfg, live, notify::status)) {
            ConfigReloader reloader = source.reloader(live, daemon.events(), () -> id(daemon), HostFacts::hostname);
            Object states = new Object(); // READY, RELOADING+READY and STOPPING never interleave
            AtomicBoolean stopping = new AtomicBoolean();
            notify.ready(serving(cfg));
            signals.attach(new DaemonSignals.Actions() {
                @Override
                public void shutdown() {
                    daemon.requestShutdown();
                }

                @Override
                public void reload() {
                    synchronized (states) {
                        if (stopping.get()) {
                            return;
                        }
                        notify.reloading(monotonicMicros());
                        reloader.reload();
                        notify.ready(serving(cfg));
                    }
                }
            });
            daemon.awaitShutdown();
            synchronized (states) {
                stopping.set(true);
                notify.stopping("Stopping: finishing the requests in progress; containers keep running");
            }
        }
    }

    private static String serving(DaemonConfig cfg) {
        return "Serving the Engine API on " + String.join(", ", cfg.hosts());
    }

    /** CLOCK_MONOTONIC in microseconds: HotSpot's nanoTime on Linux is clock_gettime(CLOCK_MONOTONIC). */
    static long monotonicMicros() {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
    }

    private static String id(Daemon daemon) {
        try {
            return daemon.id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
