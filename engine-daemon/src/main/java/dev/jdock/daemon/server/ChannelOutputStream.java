package dev.jdock.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * A blocking OutputStream over a channel, used by worker threads: each write becomes one message (a chunk, or raw
 * bytes when hijacked), flushed, with {@link PacedWrites}' back-pressure (at most the last two writes in flight).
 */
final class ChannelOutputStream extends OutputStream {
    private final Channel channel;
    private final Function<ByteBuf, Object> wrap;
    private final Runnable onClose;
    private boolean closed;
    private final PacedWrites writes;

    ChannelOutputStream(Channel channel, Function<ByteBuf, Object> wrap, Runnable onClose) {
        this.channel = channel;
        this.wrap = wrap;
        this.onClose = onClose;
        this.writes = new PacedWrites(channel);
    }

    static ChannelOutputStream chunked(Channel channel, Runnable onClose) {
        return new ChannelOutputStream(channel, DefaultHttpContent::new, onClose);
    }

    static ChannelOutputStream raw(Channel channel, Runnable onClose) {
        return new ChannelOutputStream(channel, b -> b, onClose);
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
        writes.write(b, off, len, wrap);
    }

    /**
     * Runs the close action once the last write is done: closing a hijacked channel drops what Netty still has
     * queued for a reader that has fallen behind. A worker waits for it; the event loop, which cannot, chains it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChannelFuture last = writes.last();
        if (last == null || last.isDone()) {
            onClose.run();
        } else if (channel.eventLoop().inEventLoop()) {
            last.addListener(f -> onClose.run());
        } else {
            last.awaitUninterruptibly();
            onClose.run();
        }
    }
}
