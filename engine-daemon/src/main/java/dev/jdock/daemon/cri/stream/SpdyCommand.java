package dev.jdock.daemon.cri.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.spdy.SpdyHeaders;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A remote command over SPDY ({@code v4.channel.k8s.io}, {@code v3.} and {@code v2.}): the client opens an
 * {@code error} stream and one per stream the request asked for ({@code stdin}, {@code stdout}, {@code stderr}, and
 * {@code resize} for a TTY from v3); the command runs once all have arrived ({@link #ready()}). At its end each
 * output stream is half-closed and the status written on the error stream, which the client reads to its end.
 */
final class SpdyCommand extends ChannelSession implements SpdyConnection.Streams {
    private final int version;
    private final Set<String> expected = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile int errorId = -1;
    private volatile int stdoutId = -1;
    private volatile int stderrId = -1;

    SpdyCommand(Channel channel, Executor workers, int version, boolean in, boolean out, boolean err, boolean tty) {
        super(channel, workers);
        this.version = version;
        expected.add("error");
        if (in) {
            expected.add("stdin");
        }
        if (out) {
            expected.add("stdout");
        }
        if (err) {
            expected.add("stderr");
        }
        if (tty && version >= 3) {
            expected.add("resize");
        }
    }

    /** Completes when every expected stream is open. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public SpdyConnection.SpdyStream opened(int id, String type, SpdyHeaders headers) {
        SpdyConnection.SpdyStream s;
        switch (type) {
            case "error" -> {
                errorId = id;
                s = new SpdyConnection.SpdyStream(id, type, null, null, null);
            }
            case "stdin" -> {
                InboundPipe pipe = new InboundPipe(gate);
                if (expected.contains("stdin") && stdin == null) {
                    stdin = pipe;
                } else {
                    pipe.close(); // not asked for: what the client sends is dropped
                }
                s = new SpdyConnection.SpdyStream(id, type, pipe, null, null);
            }
            case "stdout" -> {
                stdoutId = id;
                stdout = new FrameOutput(channel, b -> SpdyConnection.data(id, b));
                s = new SpdyConnection.SpdyStream(id, type, null, stdout, null);
            }
            case "stderr" -> {
                stderrId = id;
                stderr = new FrameOutput(channel, b -> SpdyConnection.data(id, b));
                s = new SpdyConnection.SpdyStream(id, type, null, stderr, null);
            }
            case "resize" -> s = new SpdyConnection.SpdyStream(id, type, null, null, this::resizeMessage);
            default -> {
                return null;
            }
        }
        seen.add(type);
        if (seen.containsAll(expected)) {
            ready.complete(null);
        }
        return s;
    }

    @Override
    public void closed() {
        ready.completeExceptionally(new IllegalStateException("the client closed the connection"));
    }

    @Override
    void finish(RemoteStatus status) {
        drainOutputs();
        if (!channel.isActive()) {
            return;
        }
        if (stdoutId > 0) {
            SpdyConnection.finish(channel, stdoutId);
        }
        if (stderrId > 0) {
            SpdyConnection.finish(channel, stderrId);
        }
        if (errorId > 0) {
            byte[] b = status.encode(version);
            if (b.length > 0) {
                channel.write(SpdyConnection.data(errorId, Unpooled.wrappedBuffer(b)));
            }
            SpdyConnection.finish(channel, errorId);
        }
        SpdyConnection.close(channel);
    }
}
