package dev.jdock.daemon.cri.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * A blocking OutputStream to one stream of a client connection, for worker threads: each write becomes frames of
 * at most {@link #MAX_FRAME} bytes ({@code frame} wraps the payload in the protocol's frame); while the connection
 * is not writable a write waits for the previous one, so at most two writes are in flight per stream.
 */
final class FrameOutput extends OutputStream {
    static final int MAX_FRAME = 32 * 1024;

    private final Channel channel;
    private final Function<ByteBuf, Object> frame;
    private volatile boolean closed;
    private ChannelFuture last;

    FrameOutput(Channel channel, Function<ByteBuf, Object> frame) {
        this.channel = channel;
        this.frame = frame;
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
        if (!channel.isActive()) {
            throw new IOException("client connection closed");
        }
        ByteBuf buf = channel.alloc().ioBuffer(n);
        buf.writeBytes(b, off, n);
        ChannelFuture previous = last;
        ChannelFuture f = channel.writeAndFlush(frame.apply(buf));
        last = f;
        if (!channel.isWritable()) {
            (previous == null ? f : previous).awaitUninterruptibly();
        }
        failed(previous);
        failed(f);
    }

    private static void failed(ChannelFuture f) throws IOException {
        if (f != null && f.isDone() && !f.isSuccess()) {
            throw new IOException("client connection closed", f.cause());
        }
    }

    /** Waits until what was written is sent (or the connection failed). */
    synchronized void drain() {
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
