package dev.jdock.daemon.network.portmap;

import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The userland proxy for published ports, inside jdockd: one Netty listening channel per published port (TCP) or
 * one bound datagram channel (UDP), relaying to the container's address. The kernel's DNAT takes the traffic first,
 * for every local address (firewall.IptablesRules); the proxy serves what it cannot (a bridge without route_localnet,
 * a firewall that refused the rules) and holds the host port, so a second bind of the same port fails as Docker's
 * does. Without the proxy ({@code userland-proxy: false}) {@link #reserve} only holds the port.
 */
public final class PortProxy implements AutoCloseable {
    /** setsockopt(IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26): an IPv6 listener leaves IPv4 to the 0.0.0.0 one. */
    private static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private final EventLoopGroup group;

    public PortProxy() {
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("port-proxy", true),
                HalfCloseSafeEpoll.factory());
        // Start every event loop thread now, from this host-netns thread: a thread inherits the netns of the thread
        // that starts it, and channels are later registered from setns'd threads (embedded DNS).
        for (io.netty.util.concurrent.EventExecutor e : group) {
            e.submit(() -> { }).syncUninterruptibly();
        }
    }

    public EventLoopGroup group() {
        return group;
    }

    /** A bound proxy: close() stops listening and ends its connections. */
    public interface Binding extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    /**
     * Binds {@code hostIp:hostPort} (port 0 = any); throws {@link PortInUseException} when it is taken. An IPv6
     * address is bound on an IPv6-only socket (as docker-proxy's), so {@code [::]:P} and {@code 0.0.0.0:P} are two
     * bindings, and the target may be IPv4 (an IPv4-only container reached from IPv6 clients).
     */
    public Binding bind(String proto, String hostIp, int hostPort, String targetIp, int targetPort) {
        InetSocketAddress listen = new InetSocketAddress(hostIp.isEmpty() ? "0.0.0.0" : hostIp, hostPort);
        InetSocketAddress target = new InetSocketAddress(targetIp, targetPort);
        try {
            Channel ch = "udp".equals(proto) ? udp(listen, target) : tcp(listen, target);
            return binding(((InetSocketAddress) ch.localAddress()).getPort(), () -> ch.close().syncUninterruptibly());
        } catch (Exception e) {
            throw new PortInUseException(HostIp.canonical(listen.getAddress().getHostAddress()), hostPort, e);
        }
    }

    /** The socket family of a listening address: IPv6 only for an IPv6 address (not IPv4-mapped). */
    private static SocketProtocolFamily family(InetSocketAddress listen) {
        return listen.getAddress() instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    }

    /**
     * Holds {@code hostIp:hostPort} (port 0 = any) without serving it, as dockerd with {@code --userland-proxy=false}:
     * a TCP socket bound but not listening (no SO_REUSEADDR, so no one else may listen there), or a bound UDP socket.
     * Throws {@link PortInUseException} when it is taken. IPv4 addresses only: without the proxy nothing reaches an
     * IPv4 container from IPv6, so {@link PortPublisher} reserves no IPv6 address (as moby).
     */
    public Binding reserve(String proto, String hostIp, int hostPort) {
        InetSocketAddress listen = new InetSocketAddress(hostIp.isEmpty() ? "0.0.0.0" : hostIp, hostPort);
        java.nio.channels.NetworkChannel ch = null;
        try {
            ch = "udp".equals(proto) ? java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET)
                    : java.nio.channels.SocketChannel.open();
            ch.bind(listen);
            java.nio.channels.NetworkChannel held = ch;
            return binding(((InetSocketAddress) ch.getLocalAddress()).getPort(), () -> {
                try {
                    held.close();
                } catch (java.io.IOException e) {
                    // closing a bound socket: nothing to do
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (java.io.IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new PortInUseException(HostIp.canonical(listen.getAddress().getHostAddress()), hostPort, e);
        }
    }

    /** A bound port and how to let it go. */
    private static Binding binding(int port, Runnable close) {
        return new Binding() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    private Channel tcp(InetSocketAddress listen, InetSocketAddress target) throws InterruptedException {
        Map<Channel, Boolean> open = new ConcurrentHashMap<>();
        SocketProtocolFamily fam = family(listen);
        ServerBootstrap sb = new ServerBootstrap().group(group)
                .channelFactory(() -> new EpollServerSocketChannel(fam));
        if (fam == SocketProtocolFamily.INET6) {
            sb.option(IPV6_V6ONLY, 1);
        }
        Channel server = sb.option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel inbound) {
                        open.put(inbound, true);
                        inbound.closeFuture().addListener(f -> open.remove(inbound));
                        connect(inbound, target);
                    }
                }).bind(listen).sync().channel();
        server.closeFuture().addListener(f -> open.keySet().forEach(Channel::close));
        return server;
    }

    /** Connects to the container; the client's bytes and half-close wait in the inbound {@link Relay} meanwhile. */
    private void connect(Channel inbound, InetSocketAddress target) {
        Relay toContainer = new Relay();
        inbound.pipeline().addLast(toContainer);
        Relay toClient = new Relay();
        toClient.peerReady(inbound);
        new Bootstrap().group(inbound.eventLoop()).channel(EpollSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(toClient)
                .connect(target).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        inbound.close();
                        return;
                    }
                    Channel outbound = f.channel();
                    inbound.closeFuture().addListener(x -> closeOnFlush(outbound));
                    outbound.closeFuture().addListener(x -> closeOnFlush(inbound));
                    toContainer.peerReady(outbound);
                    outbound.read();
                });
        inbound.read();
    }

    /**
     * Copies what one side reads to the other, reading the next chunk once the write is done (backpressure). Until
     * the other side is connected, reads and a half-close (FIN after the request, as nc sends) are held back.
     */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private Channel peer;
        private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();
        private boolean inputShutdown;
        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            this.ctx = c;
        }

        /** Called on the event loop once the other side is connected. */
        void peerReady(Channel p) {
            this.peer = p;
            if (ctx == null) {
                return;
            }
            while (!pending.isEmpty()) {
                forward(pending.poll());
            }
            if (inputShutdown) {
                shutdownPeerOutput();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (peer == null) {
                pending.add(msg);
                return;
            }
            forward(msg);
        }

        private void forward(Object msg) {
            peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                Channel self = ctx.channel();
                if (f.isSuccess()) {
                    if (!(self instanceof io.netty.channel.socket.DuplexChannel d && d.isInputShutdown())) {
                        self.read();
                    }
                } else {
                    f.channel().close();
                    self.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            pending.forEach(io.netty.util.ReferenceCountUtil::release);
            pending.clear();
            if (peer != null) {
                closeOnFlush(peer);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext c, Object evt) {
            if (!(evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent)) {
                c.fireUserEventTriggered(evt);
                return;
            }
            inputShutdown = true;
            if (peer != null) {
                shutdownPeerOutput();
            }
        }

        private void shutdownPeerOutput() {
            Channel self = ctx.channel();
            if (peer instanceof io.netty.channel.socket.DuplexChannel p && p.isActive()) {
                p.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> p.shutdownOutput());
            }
            if (self instanceof io.netty.channel.socket.DuplexChannel d && d.isOutputShutdown()) {
                self.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            c.close();
        }
    }

    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Channel udp(InetSocketAddress listen, InetSocketAddress target) throws InterruptedException {
        Map<InetSocketAddress, ChannelFuture> flows = new ConcurrentHashMap<>();
        SocketProtocolFamily fam = family(listen);
        Bootstrap bs = new Bootstrap().group(group).channelFactory(() -> new EpollDatagramChannel(fam));
        if (fam == SocketProtocolFamily.INET6) {
            bs.option(IPV6_V6ONLY, 1);
        }
        Channel server = bs
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        ChannelFuture flow = flows.computeIfAbsent(p.sender(), c -> udpFlow(ctx.channel(), c,
                                flows));
                        io.netty.buffer.ByteBuf data = p.content().retain();
                        flow.addListener((ChannelFutureListener) f -> {
                            if (f.isSuccess()) {
                                f.channel().writeAndFlush(new DatagramPacket(data, target));
                            } else {
                                data.release();
                            }
                        });
                    }
                }).bind(listen).sync().channel();
        server.closeFuture().addListener(f -> flows.values().forEach(c -> c.channel().close()));
        return server;
    }

    private static ChannelFuture udpFlow(Channel server, InetSocketAddress client,
            Map<InetSocketAddress, ChannelFuture> flows) {
        ChannelFuture cf = new Bootstrap().group(server.eventLoop()).channel(EpollDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        server.writeAndFlush(new DatagramPacket(p.content().retain(), client));
                    }
                }).bind(0);
        cf.channel().closeFuture().addListener(f -> flows.remove(client));
        return cf;
    }

    @Override
    public void close() {
        group.shutdownGracefully();
    }
}
