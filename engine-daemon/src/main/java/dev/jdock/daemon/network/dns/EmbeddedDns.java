package dev.jdock.daemon.network.dns;

import dev.jdock.daemon.network.netlink.Netns;
import io.netty.bootstrap.Bootstrap;
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
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
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
 * The embedded DNS server of user-defined networks: one UDP socket per container on 127.0.0.11:53, opened inside
 * the container's netns on a disposable setns'd thread (the socket stays there) and served by the daemon's event
 * loop with Netty's DNS codec. Names of containers on the asking container's networks are answered here; other
 * questions are forwarded as they are, from the host's netns, to the upstream servers.
 */
public final class EmbeddedDns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);
    private static final AttributeKey<ByteBuf> RAW = AttributeKey.valueOf("jdock.dns.raw");
    static final String ADDRESS = "127.0.0.11";

    /** Answers for one container: the A records of {@code name} on its networks, or null when unknown. */
    public interface Resolver {
        List<Integer> lookup(String containerId, String name);

        /** Upstream servers for this container (host resolvers or --dns). */
        List<String> upstream(String containerId);
    }

    /** How long forwarded questions wait for the upstream servers before the client gets SERVFAIL. */
    static final long FORWARD_BUDGET_MILLIS = 2000;

    private final EventLoopGroup group;
    private final Resolver resolver;
    private final int upstreamPort;
    private final DnsForwarder forwarder;
    private final Map<String, Channel> servers = new ConcurrentHashMap<>();

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
    public synchronized void start(String containerId, String nsPath) {
        if (servers.containsKey(containerId)) {
            return;
        }
        servers.put(containerId, Netns.run(nsPath, () -> serve(containerId, new InetSocketAddress(ADDRESS, 53))));
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

    public synchronized void stop(String containerId) {
        Channel ch = servers.remove(containerId);
        if (ch != null) {
            ch.close();
        }
    }

    /** Keeps a copy of the raw query for forwarding, before the decoder consumes it. */
    private static final class KeepRaw extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof DatagramPacket p) {
                ByteBuf old = ctx.channel().attr(RAW).getAndSet(p.content().copy());
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

    private final class Answer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        private final String containerId;

        Answer(String containerId) {
            this.containerId = containerId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery q) {
            ByteBuf raw = ctx.channel().attr(RAW).getAndSet(null);
            try {
                DnsQuestion question = q.count(DnsSection.QUESTION) > 0 ? q.recordAt(DnsSection.QUESTION) : null;
                List<Integer> ips = question == null ? null : resolver.lookup(containerId, question.name());
                if (ips == null) {
                    if (raw != null) {
                        forward(ctx, q, question, raw.retain());
                    }
                    return;
                }
                DatagramDnsResponse r = reply(q, question,
                        ips.isEmpty() ? DnsResponseCode.NXDOMAIN : DnsResponseCode.NOERROR);
                r.setAuthoritativeAnswer(true);
                if (question.type() == DnsRecordType.A) {
                    for (int ip : ips) {
                        r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 600,
                                Unpooled.buffer(4).writeInt(ip)));
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
        private void forward(ChannelHandlerContext ctx, DatagramDnsQuery q, DnsQuestion question, ByteBuf query) {
            Channel server = ctx.channel();
            InetSocketAddress client = q.sender();
            DatagramDnsResponse servfail = reply(q, question, DnsResponseCode.SERVFAIL);
            forwarder.forward(server.eventLoop(), query, upstreams()).addListener(f -> {
                if (f.isSuccess()) {
                    servfail.release();
                    server.writeAndFlush(new DatagramPacket((ByteBuf) f.getNow(), client));
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

    private static DatagramDnsResponse reply(DatagramDnsQuery q, DnsQuestion question, DnsResponseCode code) {
        DatagramDnsResponse r = new DatagramDnsResponse(q.recipient(), q.sender(), q.id());
        r.setRecursionDesired(q.isRecursionDesired()).setRecursionAvailable(true).setCode(code);
        if (question != null) {
            r.addRecord(DnsSection.QUESTION, question);
        }
        return r;
    }

    @Override
    public void close() {
        servers.values().forEach(Channel::close);
        servers.clear();
    }
}
