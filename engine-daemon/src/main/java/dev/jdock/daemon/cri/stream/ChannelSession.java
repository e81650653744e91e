package dev.jdock.daemon.cri.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A remote command's streams on one client connection, whatever the protocol: the pipes and outputs its subclass
 * (WebSocket channels or SPDY streams) fills in, the resize events, and {@link #finish}, which reports the status
 * on the error stream and ends the connection.
 */
abstract class ChannelSession implements RemoteStreams {
    /** How long a finished connection waits for the client to close it. */
    static final Duration LINGER = Duration.ofSeconds(5);
    /** Largest resize message accepted ({"Width":..,"Height":..} is far smaller). */
    static final int MAX_RESIZE_BYTES = 4096;

    protected final Channel channel;
    protected final InboundPipe.Gate gate;
    private final Executor workers;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    protected InboundPipe stdin;
    protected FrameOutput stdout;
    protected FrameOutput stderr;
    private final AtomicReference<int[]> size = new AtomicReference<>();
    private final AtomicBoolean resizing = new AtomicBoolean();
    private volatile ResizeHandler resizer;
    /** The size last passed on (by identity). */
    private volatile int[] applied;

    ChannelSession(Channel channel, Executor workers) {
        this.channel = channel;
        this.gate = new InboundPipe.Gate(channel);
        this.workers = workers;
        channel.closeFuture().addListener(f -> clientClosed());
    }

    /** The connection closed: the reader of stdin sees its end, writers fail, the command learns it. */
    protected void clientClosed() {
        if (stdin != null) {
            stdin.end();
        }
        gone.complete(null);
    }

    @Override
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public OutputStream stdout() {
        return stdout;
    }

    @Override
    public OutputStream stderr() {
        return stderr;
    }

    @Override
    public CompletableFuture<Void> clientGone() {
        return gone;
    }

    @Override
    public void onResize(ResizeHandler handler) {
        resizer = handler;
        if (size.get() != null) {
            scheduleResize();
        }
    }

    /** A resize message ({"Width":80,"Height":24}) from the client; bad ones are ignored, as the kubelet does. */
    protected void resizeMessage(byte[] json) {
        try {
            JsonNode n = Json.mapper().readTree(json);
            int w = n.path("Width").asInt(0);
            int h = n.path("Height").asInt(0);
            if (w > 0 && h > 0 && w <= 0xffff && h <= 0xffff) {
                size.set(new int[] {h, w});
                scheduleResize();
            }
        } catch (IOException e) {
            // the kubelet logs and drops a malformed resize event
        }
    }

    private void scheduleResize() {
        if (resizer != null && resizing.compareAndSet(false, true)) {
            workers.execute(this::applyResizes);
        }
    }

    /** Passes on the latest size until none newer came in; one at a time. */
    private void applyResizes() {
        try {
            for (int[] s; (s = size.get()) != applied;) {
                applied = s;
                try {
                    resizer.resize(s[0], s[1]);
                } catch (RuntimeException e) {
                    // the process has exited, or not started in time: nothing to resize
                }
            }
        } finally {
            resizing.set(false);
        }
        if (size.get() != applied) {
            scheduleResize();
        }
    }

    /** Reports {@code status} on the error stream, ends the output streams and closes the connection. */
    abstract void finish(RemoteStatus status);

    /** Waits until everything written to the outputs is sent. */
    protected void drainOutputs() {
        if (stdout != null) {
            stdout.drain();
        }
        if (stderr != null) {
            stderr.drain();
        }
    }

    /**
     * Ends our side of the connection and closes it when the client has closed its own, or after
     * {@link #LINGER}: closing with input the client is still sending unread would reset the connection, and the
     * client could lose the end of the output.
     */
    static void lingerClose(Channel ch) {
        if (ch instanceof DuplexChannel d && ch.isActive()) {
            d.shutdownOutput();
            ch.eventLoop().schedule(() -> ch.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            ch.close();
        }
    }
}
