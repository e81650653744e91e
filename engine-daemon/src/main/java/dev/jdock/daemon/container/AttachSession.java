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
    /** How long the replay waits for the monitor's log mark (it answers at once: it reads frames between outputs). */
    static final long MARK_WAIT_MS = 2000;

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
    /**
     * A running container's attach with logs: until the monitor's {@link MonitorSession.LogMark} arrives, output is
     * kept here (it is in the log the replay reads, but for a line not yet ended) instead of being sent; null when
     * no mark is awaited. Guarded by this.
     */
    private BeforeMark beforeMark;
    /** Completed when the replay's end is known (at once unless a mark is awaited). */
    private final CompletableFuture<Void> marked = new CompletableFuture<>();

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
     * {@code logs}, also settles where the log's replay ends and the live output begins, so that each line comes
     * once and none is lost: for a container not running, where the log ends now (its output comes only after the
     * start, to this session); for a running one, where the monitor says its log ended at the point of its output
     * where this session asked (dockerd reads the log and then attaches: output between the two goes to neither).
     */
    void register(boolean logs) {
        boolean awaitMark = false;
        synchronized (container.lifecycleLock) {
            if (logs) {
                logEnd = logEndNow();
            }
            if (container.isRunning()) {
                if (logs) {
                    synchronized (this) {
                        beforeMark = new BeforeMark();
                    }
                    awaitMark = true;
                }
                monitorReady();
            } else {
                container.addPendingAttach(this);
            }
        }
        if (!awaitMark) {
            marked.complete(null);
        }
    }

    /**
     * Where the replay of {@code logs=1} ends: the monitor's mark (waited for up to {@link #MARK_WAIT_MS}; a monitor
     * older than the request does not answer: then the log's end now, a line printed since may come twice), else
     * the log's end when the session was registered.
     */
    Optional<LogFileReader.End> logEnd() {
        try {
            marked.get(MARK_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            synchronized (this) {
                if (beforeMark != null) {
                    beforeMark = null; // what came so far is in the log by now
                    logEnd = logEndNow();
                }
            }
            marked.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // never completed exceptionally
        }
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
            synchronized (this) {
                if (beforeMark != null && !s.requestLogMark()) {
                    beforeMark = null; // no mark to come: the end taken at registering stands
                    marked.complete(null);
                }
            }
            s.listen(this); // the output (and the mark) that came since the connect follow, in order
            sessionReady.complete(s);
        } catch (RuntimeException e) {
            LOG.debug("attach to {}: {}", container.id(), e.getMessage());
            noLivePart();
            finished.complete(null);
        }
    }

    /** No live part (any more): the replay reads all there is (an exit's last lines included). */
    private void noLivePart() {
        synchronized (this) {
            logEnd = null;
            beforeMark = null; // what it held is in the log
        }
        marked.complete(null);
    }

    @Override
    public void logMark(MonitorSession.LogMark mark) {
        markPassed(mark.end(), mark.partialStdout(), mark.partialStderr());
    }

    /**
     * The mark: the replay ends at {@code end} and the output held before it is dropped (it is in the log) but for
     * the held lines' beginnings; without a file ({@code end} empty) the end taken at registering stands and all the
     * output held is sent.
     */
    private void markPassed(Optional<LogFileReader.End> end, int partialStdout, int partialStderr) {
        java.util.Collection<BeforeMark.Chunk> send;
        synchronized (this) {
            if (beforeMark == null) {
                return; // not asked, or given up on (logEnd's wait)
            }
            if (end.isPresent()) {
                logEnd = end.get();
                send = beforeMark.tails(partialStdout, partialStderr);
            } else {
                send = beforeMark.chunks;
            }
            beforeMark = null;
        }
        for (BeforeMark.Chunk c : send) {
            output(c.stream(), c.data(), 0, c.data().length);
        }
        marked.complete(null);
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
        synchronized (this) {
            if (beforeMark != null) {
                beforeMark.add(stream, java.util.Arrays.copyOfRange(data, off, off + len));
                return;
            }
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
        endedBeforeMark();
        finished.complete(null);
    }

    @Override
    public void disconnected() {
        endedBeforeMark();
        finished.complete(null);
    }

    /** The monitor went before it answered the mark: the log holds all the output (the monitor writes it first). */
    private void endedBeforeMark() {
        boolean awaited;
        synchronized (this) {
            awaited = beforeMark != null;
        }
        if (awaited) {
            noLivePart();
        }
    }

    /**
     * The output of a running container that came before the monitor's log mark, in order, at most
     * {@link #EARLY_LIMIT} bytes (the oldest go first: only the held lines' beginnings, the last bytes of each
     * stream, are ever sent).
     */
    private static final class BeforeMark {
        record Chunk(int stream, byte[] data) {
        }

        final java.util.ArrayDeque<Chunk> chunks = new java.util.ArrayDeque<>();
        private long bytes;

        void add(int stream, byte[] data) {
            chunks.addLast(new Chunk(stream, data));
            bytes += data.length;
            while (bytes > EARLY_LIMIT && chunks.size() > 1) {
                bytes -= chunks.removeFirst().data().length;
            }
        }

        /** The last {@code stdout} bytes of stream 1 and {@code stderr} of stream 2, in the order they came. */
        java.util.List<Chunk> tails(int stdout, int stderr) {
            int[] want = {stdout, stderr};
            java.util.ArrayDeque<Chunk> out = new java.util.ArrayDeque<>();
            for (java.util.Iterator<Chunk> it = chunks.descendingIterator(); it.hasNext()
                    && (want[0] > 0 || want[1] > 0);) {
                Chunk c = it.next();
                int s = c.stream() == StdcopyFrame.STDERR ? 1 : 0;
                int n = Math.min(want[s], c.data().length);
                if (n > 0) {
                    out.addFirst(new Chunk(c.stream(),
                            java.util.Arrays.copyOfRange(c.data(), c.data().length - n, c.data().length)));
                    want[s] -= n;
                }
            }
            return new java.util.ArrayList<>(out);
        }
    }
}
