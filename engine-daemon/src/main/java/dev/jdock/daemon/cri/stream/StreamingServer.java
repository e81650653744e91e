package dev.jdock.daemon.cri.stream;

import dev.jdock.daemon.server.DaemonServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRI's streaming server, as containerd runs the kubelet's: HTTP on an address of the host (by default 127.0.0.1
 * and a port the kernel picks), or HTTPS with the key pair given, where the URLs that Exec, Attach and PortForward
 * return lead ({@code http://127.0.0.1:<port>/exec/<token>}). Its connections run on the event loop group it is given
 * (the daemon's), its sessions on a pool of daemon threads.
 */
public final class StreamingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingServer.class);
    /** containerd's default {@code stream_server_address}, with port 0: the kernel's choice. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("127.0.0.1", 0);

    /**
     * Where to listen, and the PEM files of the key pair for HTTPS (both null: plain HTTP).
     */
    public record Listen(InetSocketAddress address, java.nio.file.Path tlsCert, java.nio.file.Path tlsKey) {
        public static final Listen DEFAULT = new Listen(DEFAULT_ADDRESS, null, null);

        public Listen {
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("the streaming server's TLS needs both a certificate and a key");
            }
        }
    }
    /** The request line and headers at most (nothing else comes before the upgrade). */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    /**
     * What clients can make the server hold: sessions at once (connections past their request), how long a
     * connection may stay idle (the kubelet's default stream idle timeout is 4 h), and how long a client has to send
     * its request and open the streams it needs (the kubelet's 30 s).
     */
    public record Limits(int maxSessions, Duration streamIdleTimeout, Duration streamCreationTimeout) {
        public static final Limits DEFAULT = new Limits(256, Duration.ofHours(4), Duration.ofSeconds(30));
    }

    private final RequestCache requests;
    private final StreamTargets targets;
    private final Limits limits;
    private final Semaphore sessions;
    private final ExecutorService workers = DaemonServer.elasticPool("cri-stream");
    /** Every connection, closed with the server. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel server;
    private InetSocketAddress bound;
    private boolean tls;

    public StreamingServer(RequestCache requests, StreamTargets targets, Limits limits) {
        this.requests = requests;
        this.targets = targets;
        this.limits = limits;
        this.sessions = new Semaphore(limits.maxSessions());
    }

    /**
     * Listens on {@code address} with the connections on {@code group} (the caller's, shared); HTTPS when
     * {@code tlsContext} is not null.
     */
    public synchronized void start(InetSocketAddress address, SslContext tlsContext, EventLoopGroup group)
            throws InterruptedException {
        tls = tlsContext != null;
        server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (tlsContext != null) {
                            ch.pipeline().addLast(tlsContext.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, limits.streamIdleTimeout().toMillis(),
                                TimeUnit.MILLISECONDS), new IdleClose(), new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new StreamHttpHandler(StreamingServer.this));
                        ch.eventLoop().schedule(() -> {
                            if (ch.pipeline().get(StreamHttpHandler.class) != null) {
                                ch.close(); // no request in time
                            }
                        }, limits.streamCreationTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    }
                })
                .bind(address).sync().channel();
        bound = (InetSocketAddress) server.localAddress();
        LOG.info("CRI streaming server listening on {}", baseUrl());
        if (!tls && !bound.getAddress().isLoopbackAddress()) {
            LOG.warn("CRI streaming server: plain HTTP on {}, not a loopback address: anyone who can reach it and "
                    + "learns a URL within its minute can use it; give --cri-stream-tlscert and --cri-stream-tlskey",
                    bound.getAddress().getHostAddress());
        }
    }

    /** Where the URLs lead: {@code http://127.0.0.1:<port>}, {@code https://[::1]:<port>}. */
    public synchronized String baseUrl() {
        if (bound == null) {
            throw new IllegalStateException("the streaming server is not started");
        }
        String host = bound.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        host = zone >= 0 ? host.substring(0, zone) : host;
        return (tls ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + bound.getPort();
    }

    /** Keeps {@code request} under a new token and returns its URL. */
    public String url(StreamRequest request) {
        String base = baseUrl();
        return base + "/" + request.kind() + "/" + requests.put(request);
    }

    RequestCache requests() {
        return requests;
    }

    StreamTargets targets() {
        return targets;
    }

    Limits limits() {
        return limits;
    }

    ExecutorService workers() {
        return workers;
    }

    /** Takes a session place for {@code ch} until it closes; false when all are taken. */
    boolean admit(Channel ch) {
        if (!sessions.tryAcquire()) {
            return false;
        }
        ch.closeFuture().addListener(f -> sessions.release());
        return true;
    }

    /** Sessions in progress (tests). */
    int activeSessions() {
        return limits.maxSessions() - sessions.availablePermits();
    }

    /** Closes the listening socket and every streaming connection; the event loop group stays the caller's. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
            connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        workers.shutdownNow();
    }

    /** Closes a connection idle for the stream idle timeout. */
    private static final class IdleClose extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }
}
