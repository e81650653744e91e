package dev.jdock.cli.command.container;

import dev.jdock.api.client.ContainerApi;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --sig-proxy} of {@code run} (without a TTY) and {@code attach}: the signals this process receives are sent
 * to the container as {@code POST /containers/{id}/kill?signal=NAME}, as the docker CLI's ForwardAllSignals does.
 * The JVM lets us take over INT, TERM, HUP, USR1, USR2, ALRM and CONT (QUIT belongs to the VM).
 */
final class SignalProxy implements AutoCloseable {
    static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "USR1", "USR2", "ALRM", "CONT");

    private final List<Runnable> restore = new ArrayList<>();

    private SignalProxy() {
    }

    /** Starts forwarding to container {@code id}; close to restore the previous handlers. */
    static SignalProxy forward(ContainerApi api, String id) {
        SignalProxy p = new SignalProxy();
        for (String name : FORWARDED) {
            try {
                sun.misc.Signal sig = new sun.misc.Signal(name);
                sun.misc.SignalHandler prev = sun.misc.Signal.handle(sig, s -> send(api, id, name));
                p.restore.add(() -> sun.misc.Signal.handle(sig, prev));
            } catch (IllegalArgumentException | LinkageError e) {
                // not available on this VM: that signal keeps its default
            }
        }
        return p;
    }

    private static void send(ContainerApi api, String id, String name) {
        Thread t = new Thread(() -> {
            try {
                api.kill(id, name);
            } catch (Exception e) {
                // docker logs this at debug level and goes on
            }
        }, "jdock-sigproxy");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }
}
