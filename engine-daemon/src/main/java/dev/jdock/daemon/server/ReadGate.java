package dev.jdock.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection's auto-read, off while any reason holds it: a body reader that fell behind, or a request that waits
 * behind the one in progress. The client then meets TCP / socket back-pressure instead of the daemon buffering.
 * Changes are applied on the event loop, and not at all once the client has shut down its side (nothing is left to
 * read; Netty 4.2.18 even failed the connection then, with ENOENT from epoll_ctl, see {@link HalfCloseSafeEpoll}).
 */
final class ReadGate {
    /** The handler has not read what arrived of its body. */
    static final int BODY = 1;
    /** The next request waits until the current response is done. */
    static final int PIPELINED = 2;

    private final Channel channel;
    private int holds;

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    synchronized void hold(int reason) {
        holds |= reason;
        apply();
    }

    synchronized void release(int reason) {
        holds &= ~reason;
        apply();
    }

    synchronized boolean isHeld(int reason) {
        return (holds & reason) != 0;
    }

    private void apply() {
        if (channel.eventLoop().inEventLoop()) {
            applyNow();
        } else {
            try {
                channel.eventLoop().execute(this::applyNow);
            } catch (RejectedExecutionException e) {
                // the server is shutting down: nothing left to read
            }
        }
    }

    private void applyNow() {
        boolean read;
        synchronized (this) {
            read = holds == 0;
        }
        if (channel.isActive() && !(channel instanceof DuplexChannel d && d.isInputShutdown())) {
            channel.config().setAutoRead(read);
        }
    }
}
