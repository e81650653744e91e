package dev.jdock.daemon.container;

import dev.jdock.api.stream.DetachKeys;
import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.logging.LogFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attach: a hijacked client connection bridged to its own monitor session. Output is framed without a TTY and
 * raw with one; stdin is forwarded when asked for. The client may half-close at once (no stdin): output still flows
 * until the container exits, then the connection is closed.
 */
final class AttachSession implements MonitorSession.Listener, Container.PendingAttach {
    private static final Logger LOG = LoggerFactory.getLogger(AttachSession.class);
    private static final int EARLY_LIMIT = 1 << 20;

    /**
     * Which streams the client asked for; {@code detachKeys} empty means Docker's ctrl-p,ctrl-q, null none (the CRI's
     * attach, whose clients know no detach keys).
     */
    record Streams(boolean stdin, boolean stdout, boolean stderr, String detachKeys) {
        /** Without detach keys. */
        Streams(boolean stdin, boolean stdout, boolean stderr) {
            this(stdin, stdout, stderr, null);
        }
    }

    private final Container container;
    private final RuntimeBackend runtime;
    private HijackedConnection conn;
    private final Streams streams;
    private final boolean tty;
    /** The detach keys were read: moby's "detach" event. */
    private final Runnable onDetach;
    /** Output that arrives before the connection is hijacked (the client may start the container at once). */
    private java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
    private OutputStream out;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile MonitorSession session;
    private final CompletableFuture<MonitorSession> sessionReady = new CompletableFuture<>();
    private volatile LogFileReader.End logEnd;

    AttachSession(Container container, RuntimeBackend runtime, Streams streams, Runnable onDetach) {
        this.container = container;
        this.runtime = runtime;
        this.streams = streams;
        this.onDetach = onDetach;
        this.tty = container.record().config().tty();
    }

    /**
     * Connects to the running container's monitor, or waits for its start. Called before the client is told the
     * connection is hijacked: a client that starts the container right after the 101 loses no output. With
     * {@code logs}, also notes where the log ends, in the same step: the replay ends there and the live output
     * begins there, so a start that overtakes the replay shows its lines once (on a running container, output in
     * the instant between the two goes to neither, as with dockerd, which reads the log before it attaches).
     */
    void register(boolean logs) {
        synchronized (container.lifecycleLock) {
            if (logs) {
                logEnd = logEndNow();
            }
            if (container.isRunning()) {
                monitorReady();
            } else {
                container.addPendingAttach(this);
            }
        }
    }

    /** Where the replay of {@code logs=1} ends: the log's end when the session was registered. */
    Optional<LogFileReader.End> logEnd() {
        return Optional.ofNullable(logEnd);
    }

    private LogFileReader.End logEndNow() {
        try {
            return LogFileReader.endOf(ContainerFiles.logPath(container));
        } catch (RuntimeException e) {
            return null; // a log that cannot be looked at: the replay ends where the log ends when it is read
        }
    }

    /** Runs the attach until the container exits or the client goes away. Blocks the calling worker thread. */
    void run(HijackedConnection connection, CompletableFuture<Void> clientGone) {
        synchronized (this) {
            this.conn = connection;
            this.out = connection.output();
            byte[] pending = early.toByteArray();
            early = null;
            if (pending.length > 0) {
                try {
                    out.write(pending);
                } catch (IOException e) {
                    finished.complete(null);
                }
            }
        }
        clientGone.thenRun(() -> finished.complete(null));
        finished.thenRun(() -> sessionReady.complete(null));
        if (streams.stdin()) {
            pumpStdinAsync();
        }
        finished.join();
        container.removePendingAttach(this);
        MonitorSession s = session;
        if (s != null) {
            s.close();
        }
        conn.close();
    }

    @Override
    public void monitorReady() {
        try {
            MonitorSession s = runtime.connect(container);
            session = s;
            s.listen(this);
            sessionReady.complete(s);
        } catch (RuntimeException e) {
            LOG.debug("attach to {}: {}", container.id(), e.getMessage());
            logEnd = null; // no live part: the replay reads all there is (an exit's last lines included)
            finished.complete(null);
        }
    }

    @Override
    public void abandon() {
        finished.complete(null);
        container.removePendingAttach(this);
    }

    private void pumpStdinAsync() {
        Thread t = new Thread(() -> {
            if (copyStdin()) {
                LOG.debug("attach to {}: detached", container.id());
                onDetach.run();
                finished.complete(null);
                return;
            }
            MonitorSession s = awaitSession();
            boolean stdinOnce = container.record().config().stdinOnce();
            if (s != null && stdinOnce && !tty) {
                try {
                    s.closeStdin();
                } catch (RuntimeException e) {
                    // the container has exited and its monitor closed the connection: nothing left to close
                    LOG.debug("attach to {}: closing stdin: {}", container.id(), e.getMessage());
                }
            } else {
                finished.complete(null);
            }
        }, "attach-stdin-" + container.id().substring(0, 12));
        t.setDaemon(true);
        t.start();
    }

    /**
     * Copies the client's stdin to the container until EOF (false) or, on a TTY, until the detach keys (true), as
     * moby's copyEscapable: the escape sequence itself is never forwarded.
     */
    private boolean copyStdin() {
        byte[] buf = new byte[8192];
        InputStream in = conn.input();
        DetachKeys escape = tty && streams.detachKeys() != null ? DetachKeys.of(streams.detachKeys()) : null;
        java.io.ByteArrayOutputStream pass = new java.io.ByteArrayOutputStream();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                MonitorSession s = awaitSession();
                if (s == null) {
                    return false;
                }
                if (escape == null) {
                    s.stdin(buf, 0, n);
                    continue;
                }
                pass.reset();
                boolean detach = escape.feed(buf, 0, n, pass);
                if (pass.size() > 0) {
                    s.stdin(pass.toByteArray(), 0, pass.size());
                }
                if (detach) {
                    return true;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the client went away
        }
        return false;
    }

    /** The monitor session once the container runs; null when the attach ended first. */
    private MonitorSession awaitSession() {
        return sessionReady.join();
    }

    @Override
    public void output(int stream, byte[] data, int off, int len) {
        boolean wanted = stream == StdcopyFrame.STDERR ? streams.stderr() : streams.stdout();
        if (!wanted || finished.isDone()) {
            return;
        }
        byte[] bytes = tty ? java.util.Arrays.copyOfRange(data, off, off + len)
                : StdcopyFrame.encode(stream, data, off, len);
        synchronized (this) {
            if (out == null) {
                if (early.size() + bytes.length <= EARLY_LIMIT) {
                    early.write(bytes, 0, bytes.length);
                }
                return;
            }
        }
        try {
            out.write(bytes);
        } catch (IOException e) {
            finished.complete(null);
        }
    }

    @Override
    public void exited(RuntimeBackend.ExitInfo exit) {
        finished.complete(null);
    }

    @Override
    public void disconnected() {
        finished.complete(null);
    }
}
