package dev.jdock.cli.command.container;

import dev.jdock.api.client.HijackedConnection;
import dev.jdock.api.stream.DetachKeys;
import dev.jdock.api.stream.StdcopyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Pumps a hijacked attach: stdin → daemon (then half-close), daemon → stdout/stderr (framed or raw TTY). */
final class AttachSession {
    private AttachSession() {
    }

    /** Starts the stdin pump (or half-closes at once when there is no stdin). */
    static void startInput(HijackedConnection conn, InputStream stdin) throws IOException {
        if (stdin == null) {
            conn.closeWrite();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[8192];
                OutputStream out = conn.output();
                int n;
                while ((n = stdin.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
                conn.closeWrite();
            } catch (IOException ignored) {
                // the daemon closed first (container exited)
            }
        }, "jdock-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** The stdin pump of an interactive attach; {@link #detached()} once the detach keys were typed. */
    static final class Input {
        private volatile boolean detached;

        boolean detached() {
            return detached;
        }
    }

    /**
     * Starts the stdin pump with docker's escape proxy: with {@code detachKeys} non-null (TTY attaches), typing
     * them half-closes the connection, never sends them, and closes the connection so the output copy ends at once.
     */
    static Input startInput(HijackedConnection conn, InputStream stdin, String detachKeys) throws IOException {
        Input state = new Input();
        if (stdin == null) {
            conn.closeWrite();
            return state;
        }
        DetachKeys escape = detachKeys == null ? null : DetachKeys.of(detachKeys);
        Thread t = new Thread(() -> pump(conn, stdin, escape, state), "jdock-stdin");
        t.setDaemon(true);
        t.start();
        return state;
    }

    private static void pump(HijackedConnection conn, InputStream stdin, DetachKeys escape, Input state) {
        try {
            byte[] buf = new byte[8192];
            OutputStream out = conn.output();
            int n;
            while ((n = stdin.read(buf)) > 0) {
                if (escape == null) {
                    out.write(buf, 0, n);
                } else if (escape.feed(buf, 0, n, out)) {
                    state.detached = true;
                    conn.closeWrite();
                    conn.close();
                    return;
                }
                out.flush();
            }
            conn.closeWrite();
        } catch (IOException ignored) {
            // the daemon closed first (container exited)
        }
    }

    /** As {@link #copyOutput}, but a read failure after a detach is the normal end. */
    static void copyOutput(HijackedConnection conn, boolean tty, OutputStream out, OutputStream err, Input in)
            throws IOException {
        try {
            copyOutput(conn, tty, out, err);
        } catch (IOException e) {
            if (!in.detached()) {
                throw e;
            }
        }
        out.flush();
    }

    /** Copies the output until the daemon closes the stream. */
    static void copyOutput(HijackedConnection conn, boolean tty, OutputStream out, OutputStream err)
            throws IOException {
        if (tty) {
            InputStream in = conn.input();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } else {
            new StdcopyReader(conn.input()).copyTo(out, err);
        }
    }
}
