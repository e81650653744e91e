package dev.jdock.daemon.cri.stream;

import dev.jdock.daemon.server.PacedWrites;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * A blocking OutputStream to one stream of a client connection, for worker threads: each write becomes frames of
 * at most {@link #MAX_FRAME} bytes ({@code frame} wraps the payload in the protocol's frame), sent with
 * {@link PacedWrites}' back-pressure: at most two writes in flight per stream.
 */
final class FrameOutput extends OutputStream {
    static final int MAX_FRAME = 32 * 1024;

    private final Channel channel;
    private final Function<ByteBuf, Object> frame;
    private final PacedWrites writes;
    private volatile boolean closed;

    FrameOutput(Channel channel, Function<ByteBuf, Object> frame) {
        this.channel = channel;
        this.frame = frame;
        this.writes = new PacedWrites(channel);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, MAX_FRAME);
            send(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void send(byte[] b, int off, int n) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        writes.write(b, off, n, frame);
    }

    /** Waits until what was written is sent (or the connection failed). */
    synchronized void drain() {
        ChannelFuture last = writes.last();
        if (last != null && !channel.eventLoop().inEventLoop()) {
            last.awaitUninterruptibly();
        }
    }

    /** Refuses further writes (the client reset the stream); what is queued still goes. */
    void abort() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
