package dev.jdock.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Bridges request body chunks (or hijacked stdin bytes) from the event loop to a blocking reader on a worker thread.
 * Backpressure: when more than {@link #HIGH_WATER} bytes wait unread, the connection stops reading until the reader
 * has caught up.
 *
 * <p>The reader sees EOF only once the whole body arrived ({@link #complete}); a body cut short (the client closed or
 * stalled, or sent a malformed chunk) is an {@link IOException} ({@link #fail}), so nothing is ever taken from half a
 * body as if it were all of it.
 */
final class BodyInputStream extends InputStream {
    static final int HIGH_WATER = 64 << 10;
    /**
     * A chunk smaller than this is copied into a shared buffer rather than queued: each chunk the codec passes on is
     * a slice that keeps its whole read buffer (and a direct buffer's bookkeeping) alive, so a body sent a byte at a
     * time would hold a hundred times its size.
     */
    static final int COPY_BELOW = 4 << 10;
    private static final int TAIL_SIZE = 16 << 10;

    private final ReadGate gate;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private int queued;
    private long received;
    private boolean complete;
    private IOException failure;
    private boolean closed;
    private boolean holding;
    /** The last queued buffer, that small chunks are appended to; null when the last one is a queued chunk. */
    private ByteBuf tail;

    BodyInputStream(ReadGate gate) {
        this.gate = gate;
    }

    /** Called on the event loop. Takes ownership of buf. */
    synchronized void offer(ByteBuf buf) {
        received += buf.readableBytes();
        if (closed || complete || failure != null || !buf.isReadable()) {
            buf.release();
            return;
        }
        int n = buf.readableBytes();
        if (n < COPY_BELOW) {
            if (tail == null || tail.writableBytes() < n) {
                tail = Unpooled.buffer(TAIL_SIZE, TAIL_SIZE);
                queue.add(tail);
            }
            tail.writeBytes(buf);
            buf.release();
        } else {
            tail = null;
            queue.add(buf);
        }
        queued += n;
        if (queued > HIGH_WATER && !holding) {
            holding = true;
            gate.hold(ReadGate.BODY);
        }
        notifyAll();
    }

    /** Called on the event loop: the whole body arrived (or, hijacked, the client half-closed). */
    synchronized void complete() {
        if (failure == null) {
            complete = true;
        }
        notifyAll();
    }

    /** The body will not be complete: the reader gets {@code e} once it has read what arrived. No-op once complete. */
    synchronized void fail(IOException e) {
        if (!complete && failure == null) {
            failure = e;
        }
        notifyAll();
    }

    /** The whole body arrived. */
    synchronized boolean isComplete() {
        return complete;
    }

    /** No more bytes will come: complete, or failed. */
    synchronized boolean isEnded() {
        return complete || failure != null;
    }

    /** Body bytes that arrived so far (read, queued or dropped). */
    synchronized long received() {
        return received;
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
            if (closed) {
                throw new IOException("request body closed");
            }
            if (failure != null) {
                throw new RequestBodyException(failure.getMessage(), failure);
            }
            if (complete) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body");
            }
        }
        ByteBuf head = queue.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        queued -= n;
        if (!head.isReadable()) {
            queue.poll().release();
            if (head == tail) {
                tail = null;
            }
        }
        if (holding && queued < HIGH_WATER / 2) {
            resume();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return queued;
    }

    /** The reader is done: what is queued is dropped, and so is what still arrives. */
    @Override
    public synchronized void close() {
        closed = true;
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
        queued = 0;
        tail = null;
        if (holding) {
            resume();
        }
        notifyAll();
    }

    private void resume() {
        holding = false;
        gate.release(ReadGate.BODY);
    }
}
