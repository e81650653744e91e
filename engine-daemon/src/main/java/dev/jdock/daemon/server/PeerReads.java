package dev.jdock.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntUnaryOperator;

/**
 * Whether the peer of a UNIX-socket connection has read what was written to it (SIOCOUTQ through a seam).
 *
 * <p>docker-py reads a hijacked stream (exec, attach) from the raw socket, past the buffered reader that read the
 * response head: bytes that reach the client together with the head sit in that buffer and are lost to it
 * (docker/docker-py#2042, #3332). dockerd mostly escapes this because runc takes tens of milliseconds to start a
 * process; jdock does not. So a hijacked stream starts once the client has read the head, or after a bound: the
 * docker CLI reads it at once, a busy client gets up to {@link #MAX_WAIT_MILLIS}.
 */
final class PeerReads {
    static final long MAX_WAIT_MILLIS = 250;
    private static final long POLL_NANOS = 200_000;
    /** Never waits (TCP, tests without the kernel seam). */
    static final PeerReads NONE = new PeerReads(fd -> 0);

    private final IntUnaryOperator unreadBytes;

    /** {@code unreadBytes}: socket fd to the bytes its peer has not read yet. */
    PeerReads(IntUnaryOperator unreadBytes) {
        this.unreadBytes = unreadBytes;
    }

    /** Waits until the peer of {@code ch} has read everything written so far, at most {@code maxMillis}. */
    void awaitRead(Channel ch, long maxMillis) {
        if (!(ch instanceof DomainSocketChannel) || !(ch instanceof UnixChannel u)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        try {
            while (ch.isActive() && unreadBytes.applyAsInt(u.fd().intValue()) > 0 && System.nanoTime() < deadline
                    && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (RuntimeException e) {
            // the socket is gone or refuses the ioctl: nothing to wait for
        }
    }
}
