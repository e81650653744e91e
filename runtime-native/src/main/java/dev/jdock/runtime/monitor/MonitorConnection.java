package dev.jdock.runtime.monitor;

import dev.jdock.runtime.syscall.UnixSocketPaths;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client connection to a monitor's {@code attach.sock} (works as well with a monitor started by an earlier
 * jdockd process). A daemon thread reads frames and calls the {@link Listener}; writes are synchronized.
 * Output is delivered from the moment of connecting: there is no replay.
 */
public final class MonitorConnection implements AutoCloseable {

    /** Called on the connection's reader thread. */
    public interface Listener {
        /** {@code stream} is {@link AttachFrame#STDOUT} or {@link AttachFrame#STDERR}; {@code data} is owned by the callee. */
        void output(int stream, ByteBuffer data);

        /** The container exited; the status comes from the exit file (written before the EXIT frame). */
        void exited(ExitStatus status);

        /** The socket closed (after {@link #exited}, when the monitor died, or after {@link #close()}). */
        void disconnected();
    }

    private final SocketChannel channel;
    private final Path exitFile;
    private final Listener listener;
    private final Object writeLock = new Object();
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    /** The pending {@link #state} query, completed by the next STATE frame. */
    private volatile CompletableFuture<MonitorState> stateReply = new CompletableFuture<>();
    private volatile boolean readerDone;
    private final Thread reader;

    private MonitorConnection(SocketChannel channel, Path exitFile, Listener listener, String name) {
        this.channel = channel;
        this.exitFile = exitFile;
        this.listener = listener;
        this.reader = new Thread(this::readLoop, "monitor-attach-" + name);
        this.reader.setDaemon(true);
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
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            MonitorConnection c = new MonitorConnection(ch, exitFile, listener,
                    String.valueOf(attachSocket.getParent().getFileName()));
            c.reader.start();
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
        send(AttachFrame.START, ByteBuffer.allocate(0));
        return awaitStarted(timeout);
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

    public void resize(int height, int width) {
        send(AttachFrame.RESIZE, ByteBuffer.wrap((height + " " + width).getBytes(StandardCharsets.US_ASCII)));
    }

    private void send(int type, ByteBuffer payload) {
        ByteBuffer frame = AttachFrame.encode(type, payload);
        synchronized (writeLock) {
            try {
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("write to monitor", e);
            }
        }
    }

    private void readLoop() {
        try {
            for (;;) {
                dispatch(AttachFrame.read(channel));
            }
        } catch (EOFException | ClosedChannelException e) {
            // normal end
        } catch (IOException | RuntimeException e) {
            started.completeExceptionally(new IllegalStateException("monitor connection failed", e));
        } finally {
            started.completeExceptionally(new IllegalStateException("monitor connection closed before start"));
            readerDone = true;
            stateReply.completeExceptionally(new IllegalStateException("monitor connection closed"));
            listener.disconnected();
        }
    }

    private void dispatch(AttachFrame f) {
        switch (f.type()) {
            case AttachFrame.STDOUT, AttachFrame.STDERR -> listener.output(f.type(), f.payload());
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
            case AttachFrame.EXIT -> {
                ExitStatus status = exitStatus(text(f));
                started.completeExceptionally(new StartFailedException(status.exitCode(),
                        status.error().orElse("container exited before it started")));
                listener.exited(status);
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
    }

    /** Waits for the reader thread to finish (after EXIT the monitor closes the socket). */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        reader.join(Math.max(1, timeout.toMillis()));
        return !reader.isAlive();
    }
}
