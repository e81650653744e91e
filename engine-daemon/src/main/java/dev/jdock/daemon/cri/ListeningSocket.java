package dev.jdock.daemon.cri;

import dev.jdock.runtime.syscall.UnixSocketPaths;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * A UNIX stream socket bound and listening before any server serves it, as systemd's socket activation makes one: the
 * kernel completes the clients' connects into its backlog, where they wait until a server accepts them. It is
 * watched on an event loop it is given, in that loop's epoll (no thread of its own), until the first connection
 * waits; then the descriptor is {@link #adopt handed} to a Netty server channel, the waiting connections with it.
 *
 * <p>Its state is the event loop's: {@link #watch}, the readiness callback and {@link #unwatch} all run there.
 */
final class ListeningSocket implements EpollIoHandle {
    private final Socket socket;
    private volatile IoEventLoop loop;
    private Runnable onConnection;
    private IoRegistration registration;
    private boolean unwatched;
    private boolean adopted;

    private ListeningSocket(Socket socket) {
        this.socket = socket;
    }

    /**
     * Binds a new socket at {@code path} (however long: {@link UnixSocketPaths#withShortPath}) and listens with the
     * backlog Netty's server channels take (the kernel's somaxconn).
     */
    static ListeningSocket bind(Path path) throws IOException {
        Epoll.ensureAvailability();
        Socket s = Socket.newSocketDomain(); // non-blocking, close-on-exec: as Netty's channel makes its own
        try {
            UnixSocketPaths.withShortPath(path, p -> {
                s.bind(new DomainSocketAddress(p));
                return null;
            });
            s.listen(NetUtil.SOMAXCONN);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return new ListeningSocket(s);
    }

    /**
     * Runs {@code onConnection} once, on {@code loop}, when a connection waits (or the socket reports an error),
     * unless {@link #unwatch} came first. Should the loop refuse the registration (it is shutting down), runs it at
     * once: the caller serves the socket without waiting for a client.
     */
    void watch(IoEventLoop loop, Runnable onConnection) {
        this.loop = loop;
        this.onConnection = onConnection;
        loop.register(this).addListener((Future<IoRegistration> f) -> {
            if (!f.isSuccess()) {
                onConnection.run();
                return;
            }
            IoRegistration r = f.getNow();
            if (unwatched) {
                r.cancel();
                return;
            }
            registration = r;
            // level-triggered: a connection that came before this submission is reported too
            r.submit(EpollIoOps.EPOLLIN);
        });
    }

    @Override
    public void handle(IoRegistration r, IoEvent event) {
        r.cancel(); // once: out of this loop's epoll before a server channel takes the descriptor
        registration = null;
        if (!unwatched) {
            unwatched = true;
            onConnection.run();
        }
    }

    /** Stops watching; done when the descriptor is out of the loop's epoll (it may be closed then). */
    Future<?> unwatch() {
        return loop.submit(() -> {
            unwatched = true;
            if (registration != null) {
                registration.cancel();
                registration = null;
            }
        });
    }

    /**
     * A Netty server channel on this descriptor, for a server that binds the channels it makes (grpc-java does):
     * the channel is active from its registration, the bind is answered in its pipeline without reaching the socket
     * (a second bind(2) fails, EINVAL), and it begins to accept at that bind, when the server's acceptor is in its
     * pipeline (ServerBootstrap adds it by a task queued before the bind). Once only; the channel owns the
     * descriptor then, and closes it.
     */
    synchronized ServerChannel adopt() {
        if (adopted) {
            throw new IllegalStateException("the listening socket is already adopted");
        }
        adopted = true;
        EpollServerDomainSocketChannel ch = new EpollServerDomainSocketChannel(socket.intValue(), true);
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(new AlreadyBound());
        return ch;
    }

    /** Whether a channel took the descriptor. */
    synchronized boolean adopted() {
        return adopted;
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    /**
     * Closes the descriptor unless a channel took it: clients get ECONNREFUSED (the ones waiting, ECONNRESET).
     * Called by the event loop too, should it end with the socket still watched.
     */
    @Override
    public synchronized void close() throws IOException {
        if (!adopted) {
            socket.close(); // a no-op the second time: the descriptor's number may be another file's by then
        }
    }

    /** Answers the server's bind of a channel whose socket is bound already, then lets the channel accept. */
    private static final class AlreadyBound extends ChannelOutboundHandlerAdapter {
        @Override
        public void bind(ChannelHandlerContext ctx, SocketAddress local, ChannelPromise promise) {
            ctx.pipeline().remove(this);
            promise.setSuccess();
            ctx.channel().config().setAutoRead(true); // reads, that is accepts, from now on
        }
    }
}
