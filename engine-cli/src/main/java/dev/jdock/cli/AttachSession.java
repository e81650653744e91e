package dev.jdock.cli;

import dev.jdock.api.client.HijackedConnection;
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
