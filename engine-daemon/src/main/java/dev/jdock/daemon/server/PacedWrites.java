package dev.jdock.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.util.function.Function;

/**
 * Writes from a worker thread to a channel with back-pressure: each write is copied into one I/O buffer from the
 * channel's allocator, wrapped into the protocol's message and flushed; when the channel is not writable after a
 * write, the previous write must be done before this one returns, so at most the last two writes are in flight (the
 * next is built while the last one is sent) and memory stays bounded by the writers' chunk size. A thread that must
 * wait for the client goes long in its {@link WorkerPool} first (an API handler, a monitor listener). Not
 * thread-safe: one writer at a time (the streams that use it serialise their writes).
 */
public final class PacedWrites {
    private final Channel channel;
    /** The last write, until the next one. */
    private ChannelFuture last;

    public PacedWrites(Channel channel) {
        this.channel = channel;
    }

    /**
     * Sends {@code b[off, off + len)} as one message, {@code wrap}ped.
     *
     * @throws IOException when the connection is closed or a write failed
     */
    public void write(byte[] b, int off, int len, Function<ByteBuf, Object> wrap) throws IOException {
        if (!channel.isActive()) {
            throw new IOException("client connection closed");
        }
        ByteBuf copy = channel.alloc().ioBuffer(len);
        copy.writeBytes(b, off, len);
        ChannelFuture previous = last;
        ChannelFuture f = channel.writeAndFlush(wrap.apply(copy));
        last = f;
        ChannelFuture pending = previous == null ? f : previous;
        if (!channel.isWritable() && !pending.isDone()) {
            WorkerPool.goingLong(); // a slow reader: this thread's handler (an attach's output) holds nobody back
            pending.awaitUninterruptibly();
        }
        failed(previous);
        failed(f);
    }

    /** The last write's future, null before any. */
    public ChannelFuture last() {
        return last;
    }

    private static void failed(ChannelFuture f) throws IOException {
        if (f != null && f.isDone() && !f.isSuccess()) {
            throw new IOException("client connection closed", f.cause());
        }
    }
}
