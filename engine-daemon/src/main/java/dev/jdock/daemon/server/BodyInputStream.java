package dev.jdock.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Bridges request body chunks (or hijacked stdin bytes) from the event loop to a blocking reader on a worker thread.
 * Backpressure: when more than {@link #HIGH_WATER} bytes wait unread, auto-read is turned off until the reader has
 * caught up.
 */
final class BodyInputStream extends InputStream {
    static final int HIGH_WATER = 1 << 20;

    private final Channel channel;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private int queued;
    private boolean ended;
    private IOException failure;
    private boolean paused;

    BodyInputStream(Channel channel) {
        this.channel = channel;
    }

    /** Called on the event loop. Takes ownership of buf. */
    synchronized void offer(ByteBuf buf) {
        if (ended) {
            buf.release();
            return;
        }
        if (!buf.isReadable()) {
            buf.release();
            return;
        }
        queue.add(buf);
        queued += buf.readableBytes();
        if (queued > HIGH_WATER && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    /** Called on the event loop at the end of the body, or when the client half-closes. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized void fail(IOException e) {
        failure = e;
        ended = true;
        notifyAll();
    }

    synchronized boolean isEnded() {
        return ended && queue.isEmpty();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (queue.isEmpty()) {
            if (failure != null && ended) {
                throw failure;
            }
            if (ended) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        ByteBuf head = queue.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        queued -= n;
        if (!head.isReadable()) {
            queue.poll().release();
        }
        if (paused && queued < HIGH_WATER / 2) {
            paused = false;
            channel.config().setAutoRead(true);
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return queued;
    }

    /** Drops whatever is still queued (the handler did not read it all). */
    @Override
    public synchronized void close() {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
        queued = 0;
        if (paused) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
