package dev.jdock.daemon.service;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * jdockd's signals, all handled here (HotSpot's {@code sun.misc.Signal}; each delivery runs on a thread of its own):
 * <ul>
 * <li>SIGTERM and SIGINT: shutdown ({@link Actions#shutdown}: stop accepting, finish or cut the requests in progress,
 * leave the containers running, exit 0); the third one exits at once with 128 + the signal's number, as dockerd.
 * <li>SIGHUP: reload ({@link Actions#reload}), ignored until the daemon serves.
 * <li>SIGUSR1: a thread dump into the log ({@link ThreadDump}).
 * </ul>
 * Installed before the daemon starts, so a signal during a long restore is not the JVM's default (which ends the
 * process with 128 + N, or ignores SIGHUP and SIGINT when the shell that started jdockd did, e.g. nohup).
 */
public final class DaemonSignals {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonSignals.class);
    /** dockerd's trap: the third SIGTERM/SIGINT exits at once. */
    static final int FORCE_AFTER = 3;

    /** What the signals do. */
    public interface Actions {
        void shutdown();

        void reload();
    }

    /** Resets a signal ignored at exec (SIG_IGN) to its default, so the JVM agrees to handle it. */
    @FunctionalInterface
    public interface Unignore {
        void reset(int signal);
    }

    private final AtomicReference<Actions> actions = new AtomicReference<>();
    private final AtomicInteger stops = new AtomicInteger();

    DaemonSignals() {
    }

    /** Handles TERM, INT, HUP and USR1 from now on; {@code unignore} undoes a nohup's SIG_IGN of HUP and INT. */
    public static DaemonSignals install(Unignore unignore) {
        DaemonSignals s = new DaemonSignals();
        for (String name : List.of("TERM", "INT", "HUP", "USR1")) {
            Signal sig = new Signal(name);
            if (name.equals("HUP") || name.equals("INT")) {
                unignore.reset(sig.getNumber());
            }
            try {
                Signal.handle(sig, s::dispatch);
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot handle SIG{}: {}", name, e.getMessage()); // e.g. -Xrs
            }
        }
        return s;
    }

    /** From now on TERM/INT and HUP act on {@code a} (a shutdown asked before is passed on at once). */
    public void attach(Actions a) {
        actions.set(a);
        if (stops.get() > 0) {
            a.shutdown();
        }
    }

    void dispatch(Signal sig) {
        switch (sig.getName()) {
            case "TERM", "INT" -> stop(sig);
            case "HUP" -> reload();
            case "USR1" -> LOG.info("SIGUSR1: thread dump\n{}", ThreadDump.take());
            default -> LOG.warn("unexpected signal {}", sig);
        }
    }

    private void stop(Signal sig) {
        int n = stops.incrementAndGet();
        if (n >= FORCE_AFTER) {
            LOG.warn("SIG{} received {} times: exiting now", sig.getName(), n);
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        LOG.info("SIG{} received: shutting down{}", sig.getName(),
                n > 1 ? " (again; " + (FORCE_AFTER - n) + " more to exit at once)" : "");
        Actions a = actions.get();
        if (a != null && n == 1) {
            a.shutdown();
        }
    }

    private void reload() {
        Actions a = actions.get();
        if (a == null) {
            LOG.warn("SIGHUP received while the daemon is starting: not reloaded");
            return;
        }
        LOG.info("SIGHUP received: reloading the configuration");
        a.reload();
    }
}
