package dev.jdock.daemon.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * A blocking OutputStream over a channel, used by worker threads: each write becomes one message (a chunk, or raw
 * bytes when hijacked) and is flushed. Waits for the write only when the channel is not writable (backpressure).
 */
final class ChannelOutputStream extends OutputStream {
    private final Channel channel;
    private final Function<byte[], Object> wrap;
    private final Runnable onClose;
    private boolean closed;

    ChannelOutputStream(Channel channel, Function<byte[], Object> wrap, Runnable onClose) {
        this.channel = channel;
        this.wrap = wrap;
        this.onClose = onClose;
    }

    static ChannelOutputStream chunked(Channel channel, Runnable onClose) {
        return new ChannelOutputStream(channel, b -> new DefaultHttpContent(Unpooled.wrappedBuffer(b)), onClose);
    }

    static ChannelOutputStream raw(Channel channel, Runnable onClose) {
        return new ChannelOutputStream(channel, Unpooled::wrappedBuffer, onClose);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return;
        }
        if (!channel.isActive()) {
            throw new IOException("client connection closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        ChannelFuture f = channel.writeAndFlush(wrap.apply(copy));
        if (!channel.isWritable()) {
            f.awaitUninterruptibly();
        }
        if (f.isDone() && !f.isSuccess()) {
            throw new IOException("client connection closed", f.cause());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
