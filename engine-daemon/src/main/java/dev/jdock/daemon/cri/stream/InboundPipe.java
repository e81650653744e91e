package dev.jdock.daemon.cri.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream's bytes from the client (stdin, a forwarded port's data), fed by the event loop and read by a worker.
 * Bounded by the connection's {@link Gate}: above {@link Gate#HIGH} bytes queued on all its pipes the connection
 * stops reading until the readers have taken them below {@link Gate#LOW}, so a client cannot make the daemon hold
 * more than a frame beyond the mark.
 */
final class InboundPipe extends InputStream {
    private final Gate gate;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private boolean ended;
    private boolean closed;

    InboundPipe(Gate gate) {
        this.gate = gate;
    }

    /** The connection-wide bound: reading stops while too much waits for the workers. */
    static final class Gate {
        static final int HIGH = 256 * 1024;
        static final int LOW = 64 * 1024;
        private final Channel channel;
        private final AtomicLong queued = new AtomicLong();

        Gate(Channel channel) {
            this.channel = channel;
        }

        void added(int n) {
            if (queued.addAndGet(n) > HIGH) {
                channel.config().setAutoRead(false);
            }
        }

        void taken(int n) {
            if (queued.addAndGet(-n) < LOW && !channel.config().isAutoRead()) {
                channel.config().setAutoRead(true);
            }
        }
    }

    /** Queues {@code b} (taking it over); dropped when the reader has closed the pipe. */
    synchronized void offer(ByteBuf b) {
        if (closed || ended || !b.isReadable()) {
            b.release();
            return;
        }
        queue.add(b);
        gate.added(b.readableBytes());
        notifyAll();
    }

    /** The client's end of this stream (or its going away). */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        synchronized (this) {
            while (queue.isEmpty() && !ended && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            if (queue.isEmpty()) {
                return -1;
            }
            ByteBuf head = queue.peek();
            n = Math.min(len, head.readableBytes());
            head.readBytes(b, off, n);
            if (!head.isReadable()) {
                queue.poll().release();
            }
        }
        gate.taken(n);
        return n;
    }

    @Override
    public void close() {
        int dropped = 0;
        synchronized (this) {
            closed = true;
            for (ByteBuf b; (b = queue.poll()) != null;) {
                dropped += b.readableBytes();
                b.release();
            }
            notifyAll();
        }
        gate.taken(dropped);
    }
}
