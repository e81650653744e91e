package dev.jdock.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * A blocking OutputStream over a channel, used by worker threads: each write is copied into one I/O buffer from the
 * channel's allocator and becomes one message (a chunk, or raw bytes when hijacked), flushed. Backpressure: when the
 * channel is not writable after a write, the previous write must be done before this one returns, so at most the
 * last two writes are in flight (the next is built while the last one is sent) and memory stays bounded by the
 * writers' chunk size.
 */
final class ChannelOutputStream extends OutputStream {
    private final Channel channel;
    private final Function<ByteBuf, Object> wrap;
    private final Runnable onClose;
    private boolean closed;
    /** The last write, until the next one. */
    private ChannelFuture last;

    ChannelOutputStream(Channel channel, Function<ByteBuf, Object> wrap, Runnable onClose) {
        this.channel = channel;
        this.wrap = wrap;
        this.onClose = onClose;
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
        if (!channel.isActive()) {
            throw new IOException("client connection closed");
        }
        ByteBuf copy = channel.alloc().ioBuffer(len);
        copy.writeBytes(b, off, len);
        ChannelFuture previous = last;
        ChannelFuture f = channel.writeAndFlush(wrap.apply(copy));
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
