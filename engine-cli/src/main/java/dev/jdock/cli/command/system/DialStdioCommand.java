package dev.jdock.cli.command.system;

import dev.jdock.api.client.Connection;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code jdock system dial-stdio}: joins this process's stdin and stdout to a new connection to the engine (the one
 * {@code -H}, the environment or the context name), as {@code docker system dial-stdio} does; an {@code ssh://} client
 * runs it on the far side and speaks HTTP through it. Half-close aware both ways: stdin's EOF half-closes the
 * connection (a hijacked stream's end of input), the engine's EOF closes stdout and ends the command at once.
 */
public final class DialStdioCommand {
    public static final Args.Spec SPEC = new Args.Spec("system dial-stdio");
    private static final int BUFFER = 32 * 1024;

    private DialStdioCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        try (Connection conn = cli.client().dial()) {
            pipe(conn, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        }
        return 0;
    }

    /**
     * Copies {@code in} to the connection on a daemon thread (then half-closes it) and the connection to {@code out}
     * on this one; returns when the engine's side has ended, with {@code out} closed.
     */
    public static void pipe(Connection conn, InputStream in, OutputStream out) throws IOException {
        Thread up = new Thread(() -> copyUp(conn, in), "dial-stdio-in");
        up.setDaemon(true);
        up.start();
        try (out) {
            InputStream down = conn.input();
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = down.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        }
    }

    private static void copyUp(Connection conn, InputStream in) {
        try {
            OutputStream up = conn.output();
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                up.write(buf, 0, n);
            }
            conn.closeWrite();
        } catch (IOException e) {
            // the connection is gone: the engine's side ends the command
        }
    }
}
