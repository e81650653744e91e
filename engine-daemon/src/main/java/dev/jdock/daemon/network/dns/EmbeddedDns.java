package dev.jdock.daemon.network.dns;

import dev.jdock.daemon.network.netlink.Netns;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded DNS server of user-defined networks: one UDP socket and one TCP listener per container on
 * 127.0.0.11:53 (resolvers retry a truncated answer over TCP), opened inside the container's netns on a disposable
 * setns'd thread (the sockets stay there) and served by the daemon's event loop with Netty's DNS codec. Names of containers on the asking container's networks are answered here; other
 * questions are forwarded as they are, from the host's netns, to the upstream servers.
 */
public final class EmbeddedDns implements ContainerDns, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);
    private static final AttributeKey<ByteBuf> RAW = AttributeKey.valueOf("jdock.dns.raw");
    static final String ADDRESS = "127.0.0.11";

    /**
     * Answers for one container: the addresses of {@code name} on its networks (4 bytes: an A record, 16: AAAA), or
     * null when unknown. A name known without an address of the asked family is answered with none (NOERROR).
     */
    public interface Resolver {
        List<byte[]> lookup(String containerId, String name);

        /** Upstream servers for this container (host resolvers or --dns). */
        List<String> upstream(String containerId);
    }

    /** How long forwarded questions wait for the upstream servers before the client gets SERVFAIL. */
    static final long FORWARD_BUDGET_MILLIS = 2000;

    private final EventLoopGroup group;
    private final Resolver resolver;
    private final int upstreamPort;
    private final DnsForwarder forwarder;
    private final Map<String, List<Channel>> servers = new ConcurrentHashMap<>();

    public EmbeddedDns(EventLoopGroup group, Resolver resolver) {
        this(group, resolver, 53, FORWARD_BUDGET_MILLIS);
    }

    EmbeddedDns(EventLoopGroup group, Resolver resolver, int upstreamPort, long forwardBudgetMillis) {
        this.group = group;
        this.resolver = resolver;
        this.upstreamPort = upstreamPort;
        this.forwarder = new DnsForwarder(forwardBudgetMillis);
    }

    /** Starts the server in the netns at {@code nsPath} for {@code containerId} (no-op if it runs). */
    @Override
    public synchronized void start(String containerId, String nsPath) {
        if (servers.containsKey(containerId)) {
            return;
        }
        InetSocketAddress at = new InetSocketAddress(ADDRESS, 53);
        servers.put(containerId, Netns.run(nsPath, () -> List.of(serve(containerId, at), serveTcp(containerId, at))));
    }

    /** Binds a server for {@code containerId} at {@code at} in the netns of the calling thread. */
    Channel serve(String containerId, InetSocketAddress at) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new KeepRaw(), new DatagramDnsQueryDecoder(),
                                new ResponseEncoder(), new Answer(containerId));
                    }
                });
        return b.bind(at).sync().channel();
    }

    /**
     * Binds the TCP listener for {@code containerId} at {@code at} in the netns of the calling thread: frames with
     * their 2-byte length kept (for the raw copy), then Netty's TCP DNS codec.
     */
    Channel serveTcp(String containerId, InetSocketAddress at) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(0xFFFF + 2, 0, 2, 0, 0),
                                new KeepRaw(), new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(),
                                new Answer(containerId));
                    }
                });
        return b.bind(at).sync().channel();
    }

    @Override
    public synchronized void stop(String containerId) {
        List<Channel> chs = servers.remove(containerId);
        if (chs != null) {
            chs.forEach(Channel::close);
        }
    }

    /** Keeps a copy of the raw query for forwarding, before the decoder consumes it. */
    private static final class KeepRaw extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf raw = msg instanceof DatagramPacket p ? p.content().copy()
                    : msg instanceof ByteBuf frame ? frame.copy(frame.readerIndex() + 2, frame.readableBytes() - 2)
                    : null;
            if (raw != null) {
                ByteBuf old = ctx.channel().attr(RAW).getAndSet(raw);
                if (old != null) {
                    old.release();
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Netty's encoder matches any AddressedEnvelope (generics are erased), so it would take the relayed raw replies
     * (DatagramPackets) too and fail on them; let those through untouched.
     */
    private static final class ResponseEncoder extends DatagramDnsResponseEncoder {
        @Override
        public boolean acceptOutboundMessage(Object msg) throws Exception {
            return msg instanceof AddressedEnvelope<?, ?> e && e.content() instanceof DnsResponse;
        }
    }

    /** Answers a query, over UDP (DatagramDnsQuery) or TCP (DnsQuery on a connection). */
    private final class Answer extends SimpleChannelInboundHandler<DnsQuery> {
        private final String containerId;

        Answer(String containerId) {
            this.containerId = containerId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DnsQuery q) {
            ByteBuf raw = ctx.channel().attr(RAW).getAndSet(null);
            try {
                DnsQuestion question = q.count(DnsSection.QUESTION) > 0 ? q.recordAt(DnsSection.QUESTION) : null;
                List<byte[]> ips = question == null ? null : resolver.lookup(containerId, question.name());
                if (ips == null) {
                    if (raw != null) {
                        forward(ctx, q, question, raw.retain());
                    }
                    return;
                }
                DnsResponse r = reply(q, question, ips.isEmpty() ? DnsResponseCode.NXDOMAIN : DnsResponseCode.NOERROR);
                r.setAuthoritativeAnswer(true);
                int size = question.type() == DnsRecordType.A ? 4 : question.type() == DnsRecordType.AAAA ? 16 : 0;
                for (byte[] ip : ips) {
                    if (ip.length == size) {
                        r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), question.type(),
                                600, Unpooled.wrappedBuffer(ip)));
                    }
                }
                ctx.writeAndFlush(r);
            } finally {
                if (raw != null) {
                    raw.release();
                }
            }
        }

        /** Relays the raw query to the upstream servers and their reply back; SERVFAIL when none answers. */
        private void forward(ChannelHandlerContext ctx, DnsQuery q, DnsQuestion question, ByteBuf query) {
            Channel server = ctx.channel();
            DnsResponse servfail = reply(q, question, DnsResponseCode.SERVFAIL);
            boolean tcp = !(q instanceof DatagramDnsQuery);
            forwarder.forward(server.eventLoop(), query, upstreams(), tcp).addListener(f -> {
                if (f.isSuccess()) {
                    servfail.release();
                    ByteBuf raw = (ByteBuf) f.getNow();
                    server.writeAndFlush(tcp
                            ? Unpooled.wrappedBuffer(Unpooled.buffer(2).writeShort(raw.readableBytes()), raw)
                            : new DatagramPacket(raw, ((DatagramDnsQuery) q).sender()));
                } else {
                    LOG.debug("forwarding {} for {}: {}", question == null ? "?" : question.name(), containerId,
                            f.cause().getMessage());
                    server.writeAndFlush(servfail);
                }
            });
        }

        private List<InetSocketAddress> upstreams() {
            List<InetSocketAddress> out = new ArrayList<>();
            for (String s : resolver.upstream(containerId)) {
                InetAddress a = NetUtil.createInetAddressFromIpAddressString(s);
                if (a != null) {
                    out.add(new InetSocketAddress(a, upstreamPort));
                }
            }
            return out;
        }
    }

    private static DnsResponse reply(DnsQuery q, DnsQuestion question, DnsResponseCode code) {
        DnsResponse r = q instanceof DatagramDnsQuery d ? new DatagramDnsResponse(d.recipient(), d.sender(), d.id())
                : new DefaultDnsResponse(q.id());
        r.setRecursionDesired(q.isRecursionDesired()).setRecursionAvailable(true).setCode(code);
        if (question != null) {
            r.addRecord(DnsSection.QUESTION, question);
        }
        return r;
    }

    @Override
    public void close() {
        servers.values().forEach(chs -> chs.forEach(Channel::close));
        servers.clear();
    }
}
