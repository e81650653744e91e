package dev.jdock.daemon.server;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll I/O handler with its half-close bug worked around.
 *
 * <p>Netty 4.2.18 (the last 4.2 whose native library Maven Central serves here) removes a channel's descriptor from
 * epoll when its interest set becomes empty, but keeps the registration marked as added: the next interest (EPOLLOUT
 * when a write has to wait) is an {@code EPOLL_CTL_MOD} that fails with ENOENT, and Netty closes the channel. A
 * peer that shuts down its sending side empties the set (read interest and EPOLLRDHUP are dropped), so a
 * half-closed connection died at its first write that met a slow reader: `docker run ... | slow-consumer` (the CLI
 * half-closes an attach without stdin) lost all but the first few hundred KiB, and a proxied TCP client that
 * half-closes lost the rest of a large answer. Here an empty interest set is submitted as EPOLLET alone instead:
 * the descriptor stays registered, reports nothing but an error or hang-up edge, once, and a later interest is a
 * valid modification.
 */
public final class HalfCloseSafeEpoll {
    private static final IoHandlerFactory EPOLL = EpollIoHandler.newFactory();

    private HalfCloseSafeEpoll() {
    }

    /** The factory to give a {@code MultiThreadIoEventLoopGroup}. */
    public static IoHandlerFactory factory() {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new Handler(EPOLL.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return EPOLL.isChangingThreadSupported();
            }
        };
    }

    /** The interest set actually submitted for {@code ops}: never empty. */
    static IoOps parked(IoOps ops) {
        return ops instanceof EpollIoOps e && e.value() == EpollIoOps.NONE.value() ? EpollIoOps.EPOLLET : ops;
    }

    private record Handler(IoHandler epoll) implements IoHandler {
        @Override
        public void initialize() {
            epoll.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            return epoll.run(context);
        }

        @Override
        public void prepareToDestroy() {
            epoll.prepareToDestroy();
        }

        @Override
        public void destroy() {
            epoll.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(epoll.register(handle));
        }

        @Override
        public void wakeup() {
            epoll.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return epoll.isCompatible(handleType);
        }
    }

    private record Registration(IoRegistration epoll) implements IoRegistration {
        @Override
        public <T> T attachment() {
            return epoll.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            return epoll.submit(parked(ops));
        }

        @Override
        public boolean isValid() {
            return epoll.isValid();
        }

        @Override
        public boolean cancel() {
            return epoll.cancel();
        }
    }
}
