package dev.jdock.daemon.network.dns;

import dev.jdock.daemon.network.netlink.Netns;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
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

    private final EventLoopGroup group;
    private final Resolver resolver;
    private final Map<String, Channel> servers = new ConcurrentHashMap<>();

    public EmbeddedDns(EventLoopGroup group, Resolver resolver) {
        this.group = group;
        this.resolver = resolver;
    }

    /** Starts the server in the netns at {@code nsPath} for {@code containerId} (no-op if it runs). */
    public synchronized void start(String containerId, String nsPath) {
        if (servers.containsKey(containerId)) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new KeepRaw(), new DatagramDnsQueryDecoder(),
                                new DatagramDnsResponseEncoder(), new Answer(containerId));
                    }
                });
        Channel ch = Netns.run(nsPath, () -> b.bind(ADDRESS, 53).sync().channel());
        servers.put(containerId, ch);
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
                        forward(ctx.channel(), q.sender(), raw.retain());
                    }
                    return;
                }
                DatagramDnsResponse r = new DatagramDnsResponse(q.recipient(), q.sender(), q.id());
                r.setRecursionDesired(q.isRecursionDesired()).setRecursionAvailable(true).setAuthoritativeAnswer(true);
                r.setCode(ips.isEmpty() ? DnsResponseCode.NXDOMAIN : DnsResponseCode.NOERROR);
                r.addRecord(DnsSection.QUESTION, question);
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

        /** Sends the raw query from a host-netns socket to the first upstream; relays the first answer back. */
        private void forward(Channel server, InetSocketAddress client, ByteBuf query) {
            List<String> up = resolver.upstream(containerId);
            if (up.isEmpty()) {
                query.release();
                return;
            }
            InetSocketAddress target = new InetSocketAddress(up.get(0), 53);
            new Bootstrap().group(server.eventLoop()).channel(EpollDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext c, DatagramPacket p) {
                            server.writeAndFlush(new DatagramPacket(p.content().retain(), client));
                            c.close();
                        }
                    }).bind(0).addListener(f -> {
                        if (!f.isSuccess()) {
                            query.release();
                            return;
                        }
                        Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                        ch.writeAndFlush(new DatagramPacket(query, target));
                        ch.eventLoop().schedule(() -> ch.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
                    });
        }
    }

    @Override
    public void close() {
        servers.values().forEach(Channel::close);
        servers.clear();
    }
}
