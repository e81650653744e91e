package dev.jdock.cli.command.container;

import dev.jdock.api.client.ContainerApi;
import dev.jdock.api.client.HijackedConnection;
import dev.jdock.api.types.container.WaitResponse;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.Terminal;
import java.io.IOException;
import java.io.InputStream;

/**
 * The attached part of {@code run}, {@code start -a} and {@code attach}, as the docker CLI does it: start (unless
 * attaching to a running container), the terminal's size then a resize per SIGWINCH, raw mode, the escape proxy for
 * the detach keys (TTY with stdin only), the signal proxy (no TTY), the output copy, then the wait status.
 */
final class InteractiveStream {
    /**
     * @param detachKeys  the escape sequence (null: docker's default)
     * @param sigProxy    forward signals to the container (only used without a TTY)
     * @param startFirst  send {@code start} (run, start -a) or not (attach)
     */
    record Options(String detachKeys, boolean sigProxy, boolean startFirst) {
    }

    private InteractiveStream() {
    }

    static int run(Cli cli, ContainerApi api, String id, HijackedConnection conn, ContainerApi.PendingWait wait,
            boolean tty, InputStream stdin, int[] size, Options o) throws IOException {
        Terminal term = new Terminal();
        AutoCloseable winch = null;
        SignalProxy proxy = null;
        try (conn; wait) {
            if (o.startFirst()) {
                RunCommand.start(api, id);
            }
            if (tty && size != null) {
                if (!o.startFirst()) {
                    resizeQuietly(api, id, size[0] + 1, size[1] + 1); // forces a redraw, as docker attach
                }
                resizeQuietly(api, id, size[0], size[1]);
                winch = Terminal.onResize(() -> {
                    int[] s = Terminal.size();
                    if (s != null) {
                        resizeQuietly(api, id, s[0], s[1]);
                    }
                });
                if (stdin != null) {
                    term.makeRaw();
                }
            }
            if (!tty && o.sigProxy()) {
                proxy = SignalProxy.forward(api, id);
            }
            String keys = tty && stdin != null ? (o.detachKeys() == null ? "" : o.detachKeys()) : null;
            AttachSession.Input in = AttachSession.startInput(conn, stdin, keys);
            AttachSession.copyOutput(conn, tty, cli.out(), cli.err(), in);
            if (in.detached()) {
                term.restore();
                if (o.startFirst()) {
                    return 0;
                }
                throw new CliException(1, "read escape sequence");
            }
            WaitResponse w = wait.result();
            if (w.error() != null && w.error().message() != null) {
                cli.err().println("jdock: Error response from daemon: " + w.error().message());
                return 125;
            }
            return (int) w.statusCode();
        } finally {
            term.restore();
            closeQuietly(winch);
            closeQuietly(proxy);
        }
    }

    private static void resizeQuietly(ContainerApi api, String id, int h, int w) {
        try {
            api.resize(id, h, w);
        } catch (IOException | RuntimeException e) {
            // the container may already have exited; docker only logs this
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to undo
            }
        }
    }
}
