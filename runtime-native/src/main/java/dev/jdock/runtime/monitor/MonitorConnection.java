package dev.jdock.runtime.monitor;

import dev.jdock.runtime.syscall.UnixSocketPaths;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection to a monitor's {@code attach.sock} (works as well with a monitor started by an earlier
 * jdockd process). The socket is non-blocking and read by the JVM's one {@link MonitorLoop} thread, so a connection
 * costs no thread of its own; the {@link Listener} is called in frame order on a pooled thread, and reading pauses
 * while more than {@link #PAUSE_BYTES} of output wait for it (a slow listener slows the monitor, as a blocked reader
 * did). Writes are synchronized. Output is delivered from the moment of connecting: there is no replay.
 */
public final class MonitorConnection implements AutoCloseable {
    /** Undelivered output above which reading stops until the listener has caught up to half of it. */
    static final int PAUSE_BYTES = 1024 * 1024;

    /** Called in order, one call at a time, on a pooled event thread (never on the selector thread). */
    public interface Listener {
        /** {@code stream} is {@link AttachFrame#STDOUT} or {@link AttachFrame#STDERR}; {@code data} is owned by the callee. */
        void output(int stream, ByteBuffer data);

        /** The container exited; the status comes from the exit file (written before the EXIT frame). */
        void exited(ExitStatus status);

        /** The socket closed (after {@link #exited}, when the monitor died, or after {@link #close()}). */
        void disconnected();

        /** The answer to {@link #requestLogMark}, in its place among the output. */
        default void logMark(LogMark mark) {
        }
    }

    private final SocketChannel channel;
    private final Path exitFile;
    private final Listener listener;
    private final MonitorLoop loop;
    private final Object writeLock = new Object();
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    /** The pending {@link #state} query, completed by the next STATE frame. */
    private volatile CompletableFuture<MonitorState> stateReply = new CompletableFuture<>();
    /** The pending {@link #reopenLog} request, completed by the next LOG_REOPENED frame. */
    private volatile CompletableFuture<String> reopenReply = new CompletableFuture<>();
    private volatile boolean readerDone;
    /** Completed once {@link Listener#disconnected} has returned. */
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Set on the loop thread by {@link MonitorLoop#register}. */
    volatile SelectionKey key;

    // frame decoding, on the loop thread only
    private final ByteBuffer header = ByteBuffer.allocate(5);
    private ByteBuffer payload;
    private int payloadType;

    // delivery to the listener
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();

    private MonitorConnection(SocketChannel channel, Path exitFile, Listener listener) {
        this.channel = channel;
        this.exitFile = exitFile;
        this.listener = listener;
        this.loop = MonitorLoop.get();
    }

    /**
     * Where every connection of this JVM calls its listener from now on: a pool that runs each task on a thread of
     * its own (never the caller's) and never rejects one; {@code null} restores the default, an unbounded pool whose
     * threads end after 10 s idle. One task is one connection's run of events (its listener's calls in order), so a
     * bounded pool must not let a task that blocks (a listener writing to a slow client) hold the others back for
     * long (the daemon's is its API's {@code WorkerPool}).
     */
    public static void deliverEventsOn(Executor executor) {
        MonitorLoop.deliverOn(executor);
    }

    /**
     * Connects to {@code attachSocket} (any length: see {@link UnixSocketPaths}); {@code exitFile} is the monitor's
     * {@code <bundle>/exit}.
     */
    public static MonitorConnection connect(Path attachSocket, Path exitFile, Listener listener) {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                UnixSocketPaths.connect(ch, attachSocket);
                ch.configureBlocking(false);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            MonitorConnection c = new MonitorConnection(ch, exitFile, listener);
            c.loop.register(ch, c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("connect to monitor " + attachSocket, e);
        }
    }

    /**
     * Asks the monitor to start the container and waits for the result.
     *
     * @return the container's host pid
     * @throws StartFailedException with Docker's exit code and message when setup or exec failed
     */
    public int start(Duration timeout) {
        requestStart();
        return awaitStarted(timeout);
    }

    /** Asks the monitor to start the container without waiting: {@link #awaitStarted} gives the outcome. */
    public void requestStart() {
        send(AttachFrame.START, ByteBuffer.allocate(0));
    }

    /**
     * Waits for the outcome of a start someone else asked for (a monitor that reported {@link
     * MonitorState.Phase#STARTING}), without asking again.
     *
     * @return the container's host pid
     * @throws StartFailedException when setup or exec failed, or the process exited first
     */
    public int awaitStarted(Duration timeout) {
        try {
            return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("container did not start within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /**
     * Asks the monitor where its container is (the STATUS frame), e.g. whether a container jdockd recorded as not
     * running was started after all. A monitor older than this frame does not answer: IllegalStateException after
     * {@code timeout}, as when the monitor goes away.
     */
    public MonitorState state(Duration timeout) {
        CompletableFuture<MonitorState> reply;
        synchronized (writeLock) {
            reply = new CompletableFuture<>();
            stateReply = reply;
            if (readerDone) {
                throw new IllegalStateException("monitor connection closed");
            }
            send(AttachFrame.STATUS, ByteBuffer.allocate(0));
        }
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("monitor state: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the monitor did not report its state within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the monitor's state", e);
        }
    }

    /**
     * Asks the monitor to write out what it holds and open its log file again at its path, creating it: the CRI's
     * ReopenContainerLog, after the kubelet renamed the file to rotate it. IllegalStateException with the monitor's
     * error, or after {@code timeout} (a monitor older than this frame does not answer).
     */
    public void reopenLog(Duration timeout) {
        CompletableFuture<String> reply;
        synchronized (writeLock) {
            reply = new CompletableFuture<>();
            reopenReply = reply;
            if (readerDone) {
                throw new IllegalStateException("monitor connection closed");
            }
            send(AttachFrame.REOPEN_LOG, ByteBuffer.allocate(0));
        }
        String answer;
        try {
            answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reopen log: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the monitor did not reopen its log within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reopening the log", e);
        }
        if (!answer.equals("0")) {
            throw new IllegalStateException("reopen log: " + answer.substring(answer.indexOf(' ') + 1));
        }
    }

    public void sendStdin(byte[] data) {
        sendStdin(ByteBuffer.wrap(data));
    }

    public void sendStdin(ByteBuffer data) {
        while (data.hasRemaining()) {
            int n = Math.min(data.remaining(), 64 * 1024);
            ByteBuffer chunk = data.slice();
            chunk.limit(n);
            send(AttachFrame.STDIN, chunk);
            data.position(data.position() + n);
        }
    }

    public void closeStdin() {
        send(AttachFrame.CLOSE_STDIN, ByteBuffer.allocate(0));
    }

    /**
     * Asks the monitor where its log file ends at this point of the output: the {@link Listener#logMark} call that
     * answers comes after the output sent before it and before the output sent after it. A monitor older than the
     * request does not answer.
     */
    public void requestLogMark() {
        send(AttachFrame.LOG_MARK, ByteBuffer.allocate(0));
    }

    /** Asks the monitor to send this connection no output (see {@link AttachFrame#NO_OUTPUT}). */
    public void skipOutput() {
        send(AttachFrame.NO_OUTPUT, ByteBuffer.allocate(0));
    }

    public void resize(int height, int width) {
        send(AttachFrame.RESIZE, ByteBuffer.wrap((height + " " + width).getBytes(StandardCharsets.US_ASCII)));
    }

    private void send(int type, ByteBuffer payload) {
        ByteBuffer frame = AttachFrame.encode(type, payload);
        synchronized (writeLock) {
            Selector waiter = null;
            try {
                while (frame.hasRemaining()) {
                    if (channel.write(frame) == 0) { // the monitor is not reading: wait until it is
                        if (waiter == null) {
                            waiter = Selector.open();
                            channel.register(waiter, SelectionKey.OP_WRITE);
                        }
                        waiter.select(1000);
                        waiter.selectedKeys().clear();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("write to monitor", e);
            } finally {
                closeQuietly(waiter);
            }
        }
    }

    private static void closeQuietly(Selector s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    /** On the loop thread: reads what is there (a bounded amount, for fairness) and decodes it. */
    void readable(ByteBuffer buf) {
        try {
            for (int i = 0; i < 4 && !paused.get(); i++) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    if (header.position() > 0 || payload != null) {
                        throw new EOFException("attach socket closed inside a frame");
                    }
                    end(null);
                    return;
                }
                if (n == 0) {
                    return;
                }
                decode(buf.flip());
            }
        } catch (IOException | RuntimeException e) {
            end(e);
        }
    }

    /** On the loop thread: the connection could not be read or registered. */
    void failed(Exception e) {
        end(e instanceof ClosedChannelException || e instanceof CancelledKeyException ? null : e);
    }

    private void decode(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            if (payload == null) {
                copy(in, header);
                if (header.hasRemaining()) {
                    return;
                }
                payloadType = header.get(0) & 0xff;
                int len = header.getInt(1);
                if (len < 0 || len > AttachFrame.MAX_PAYLOAD) {
                    throw new IOException("attach frame too large: " + len);
                }
                payload = ByteBuffer.allocate(len);
            }
            copy(in, payload);
            if (!payload.hasRemaining()) {
                AttachFrame f = new AttachFrame(payloadType, payload.flip());
                payload = null;
                header.clear();
                dispatch(f);
            }
        }
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(to.position(), from, from.position(), n);
        to.position(to.position() + n);
        from.position(from.position() + n);
    }

    /** Ends the connection once: futures fail, the channel closes, the listener hears disconnected() last. */
    private void end(Exception cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
        if (cause != null) {
            started.completeExceptionally(new IllegalStateException("monitor connection failed", cause));
        }
        started.completeExceptionally(new IllegalStateException("monitor connection closed before start"));
        readerDone = true;
        stateReply.completeExceptionally(new IllegalStateException("monitor connection closed"));
        reopenReply.completeExceptionally(new IllegalStateException("monitor connection closed"));
        deliver(() -> {
            try {
                listener.disconnected();
            } finally {
                done.complete(null);
            }
        });
    }

    private void deliver(Runnable event) {
        events.add(event);
        if (scheduled.compareAndSet(false, true)) {
            MonitorLoop.deliver(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable r;
            while ((r = events.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    System.getLogger(MonitorConnection.class.getName())
                            .log(System.Logger.Level.WARNING, "monitor connection listener failed", e);
                }
            }
            scheduled.set(false);
        } while (!events.isEmpty() && scheduled.compareAndSet(false, true));
    }

    private void output(int stream, ByteBuffer data) {
        int n = data.remaining();
        if (pendingBytes.addAndGet(n) > PAUSE_BYTES && paused.compareAndSet(false, true)) {
            loop.interest(this, false);
        }
        deliver(() -> {
            try {
                listener.output(stream, data);
            } finally {
                if (pendingBytes.addAndGet(-n) <= PAUSE_BYTES / 2 && paused.compareAndSet(true, false)) {
                    loop.interest(this, true);
                }
            }
        });
    }

    private void dispatch(AttachFrame f) {
        switch (f.type()) {
            case AttachFrame.STDOUT, AttachFrame.STDERR -> output(f.type(), f.payload());
            case AttachFrame.STARTED -> started.complete(Integer.parseInt(text(f).trim()));
            case AttachFrame.START_FAILED -> {
                String[] parts = text(f).split("\n", 2);
                started.completeExceptionally(new StartFailedException(Integer.parseInt(parts[0].trim()),
                        parts.length > 1 ? parts[1] : ""));
            }
            case AttachFrame.STATE -> {
                try {
                    stateReply.complete(MonitorState.parse(text(f)));
                } catch (RuntimeException e) {
                    stateReply.completeExceptionally(e);
                }
            }
            case AttachFrame.LOG_REOPENED -> reopenReply.complete(text(f).trim());
            case AttachFrame.LOG_AT -> {
                LogMark mark = LogMark.parse(text(f)); // a malformed one ends the connection (decode's catch)
                deliver(() -> listener.logMark(mark));
            }
            case AttachFrame.EXIT -> {
                ExitStatus status = exitStatus(text(f));
                started.completeExceptionally(new StartFailedException(status.exitCode(),
                        status.error().orElse("container exited before it started")));
                deliver(() -> listener.exited(status));
            }
            default -> {
                // unknown frame types are ignored: newer monitors may send more
            }
        }
    }

    private ExitStatus exitStatus(String payload) {
        Optional<ExitStatus> fromFile = ExitFile.read(exitFile);
        if (fromFile.isPresent()) {
            return fromFile.get();
        }
        String[] parts = payload.split("\n", 2);
        return new ExitStatus(Integer.parseInt(parts[0].trim()), Instant.now(), false,
                parts.length > 1 ? Optional.of(parts[1]) : Optional.empty());
    }

    private static String text(AttachFrame f) {
        return StandardCharsets.UTF_8.decode(f.payload().duplicate()).toString();
    }

    /** Closes the connection; the monitor and the container keep running. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
        loop.execute(() -> end(null));
    }

    /** Waits until the listener has heard {@link Listener#disconnected} (after EXIT the monitor closes the socket). */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        try {
            done.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
        return true;
    }
}
