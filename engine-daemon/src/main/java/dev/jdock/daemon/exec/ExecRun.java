package dev.jdock.daemon.exec;

import dev.jdock.api.stream.DetachKeys;
import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.process.MonitorHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A started exec: the connection to its exec monitor, kept until the process exits (the exit code is recorded
 * even after the client has gone), optionally bridged to a hijacked client connection. As moby, the start request's
 * {@code Tty} (not the exec's) decides the stream: framed without it, raw with it (and stderr then dropped unless
 * the process has a TTY, where it is the terminal). Stdin is forwarded: its EOF closes the process's stdin without
 * a TTY, and ends the client session with one; on a TTY the detach keys end the session too (the process runs on).
 */
final class ExecRun implements MonitorConnection.Listener {
    private final ExecSession session;
    private final ExecService service;
    private final MonitorHandle handle;
    private final boolean tty;
    private final boolean rawStream;
    /** Whether the exec's detach keys end a TTY session (the Engine API's); the CRI's streams have none. */
    private final boolean detachable;
    private final CompletableFuture<Void> clientDone = new CompletableFuture<>();
    private volatile OutputStream client;
    private volatile MonitorConnection conn;

    /** {@code rawStream}: the start request's {@code Tty} (output unframed, stderr dropped). */
    ExecRun(ExecSession session, ExecService service, MonitorHandle handle, boolean rawStream) {
        this(session, service, handle, rawStream, true);
    }

    ExecRun(ExecSession session, ExecService service, MonitorHandle handle, boolean rawStream, boolean detachable) {
        this.detachable = detachable;
        this.session = session;
        this.service = service;
        this.handle = handle;
        this.tty = session.config().tty();
        this.rawStream = rawStream;
    }

    /** Connects to the monitor; output goes to {@code out} (null: detached). */
    void connect(OutputStream out) {
        this.client = out;
        this.conn = handle.connect(this);
        session.run(this);
    }

    MonitorConnection connection() {
        return conn;
    }

    /** Blocks until the exec has exited or the client has gone. */
    void bridge(HijackedConnection c, CompletableFuture<Void> clientGone) {
        clientGone.thenRun(() -> clientDone.complete(null));
        if (session.config().attachStdin()) {
            Thread t = new Thread(() -> pumpStdin(c.input()), "exec-stdin-" + session.id().substring(0, 12));
            t.setDaemon(true);
            t.start();
        }
        clientDone.join();
        client = null;
    }

    private void pumpStdin(InputStream in) {
        if (copyStdin(in)) {
            service.detached(session);
            clientDone.complete(null);
            return;
        }
        if (tty) {
            clientDone.complete(null);
            return;
        }
        try {
            conn.closeStdin();
        } catch (RuntimeException e) {
            // the exec has ended
        }
    }

    /**
     * Copies the client's stdin to the process until EOF (false) or, with a TTY, until the exec's detach keys (true;
     * moby's copyEscapable: the sequence itself is never forwarded).
     */
    private boolean copyStdin(InputStream in) {
        byte[] buf = new byte[8192];
        DetachKeys escape = tty && detachable ? DetachKeys.of(session.config().detachKeys()) : null;
        ByteArrayOutputStream pass = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                pass.reset();
                boolean detach = escape != null ? escape.feed(buf, 0, n, pass) : write(pass, buf, n);
                if (pass.size() > 0) {
                    conn.sendStdin(pass.toByteArray());
                }
                if (detach) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client or the monitor went away
        }
        return false;
    }

    private static boolean write(ByteArrayOutputStream out, byte[] buf, int n) {
        out.write(buf, 0, n);
        return false;
    }

    /** Writes Docker's start-failure text to the client (stdout, framed without a TTY). */
    void writeError(String message) {
        OutputStream out = client;
        if (out != null) {
            writeError(out, rawStream, message);
        }
    }

    /** Docker's start-failure text on a client's stream (stdout, framed without a TTY). */
    static void writeError(OutputStream out, boolean tty, String message) {
        byte[] b = (message + "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(tty ? b : StdcopyFrame.encode(StdcopyFrame.STDOUT, b, 0, b.length));
        } catch (IOException e) {
            // the client has gone
        }
    }

    void resize(int height, int width) {
        MonitorConnection c = conn;
        if (c != null) {
            c.resize(height, width);
        }
    }

    @Override
    public void output(int stream, ByteBuffer data) {
        OutputStream out = client;
        boolean wanted = stream == StdcopyFrame.STDERR ? session.config().attachStderr() && (tty || !rawStream)
                : session.config().attachStdout();
        if (out == null || !wanted) {
            return;
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        try {
            out.write(rawStream ? b : StdcopyFrame.encode(stream, b, 0, b.length));
        } catch (IOException e) {
            client = null;
            clientDone.complete(null);
        }
    }

    @Override
    public void exited(ExitStatus status) {
        if (status.error().isPresent()) {
            session.exited(ExecSpecs.startFailureCode(status.error().get()));
        } else {
            service.processExited(session, status.exitCode());
        }
        clientDone.complete(null);
    }

    @Override
    public void disconnected() {
        if (session.isRunning()) {
            java.util.Optional<ExitStatus> exit = ExitFile.read(handle.exitFile());
            if (exit.isEmpty()) {
                // the monitor died without a word (kill -9): its process would run on unseen while inspect says 137
                service.killOrphan(session, handle.containerPid());
            }
            service.processExited(session, exit.map(ExitStatus::exitCode).orElse(137));
        }
        service.forget(session);
        clientDone.complete(null);
    }
}
