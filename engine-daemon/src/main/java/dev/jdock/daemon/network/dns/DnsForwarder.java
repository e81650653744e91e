package dev.jdock.daemon.network.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards one raw DNS query to the upstream servers, over UDP or, for a client that asked over TCP (a truncated
 * answer's retry), over TCP with the 2-byte length prefix; one server after the other (at most {@value #MAX_SERVERS}),
 * each on its own socket connected to that server, so only its replies are read. The whole exchange is bounded by a
 * time budget shared by the servers; the result is the first reply, or a failure once every server has been tried.
 * The sockets are opened by the event loop, so they live in the netns of its thread (the host's).
 */
final class DnsForwarder {
    static final int MAX_SERVERS = 3;

    private final long budgetMillis;

    DnsForwarder(long budgetMillis) {
        this.budgetMillis = budgetMillis;
    }

    /** Sends {@code query} (ownership is taken) to {@code upstreams} on {@code loop}; completes with the reply. */
    Future<ByteBuf> forward(EventLoop loop, ByteBuf query, List<InetSocketAddress> upstreams) {
        return forward(loop, query, upstreams, false);
    }

    /** As {@link #forward(EventLoop, ByteBuf, List)}; {@code tcp}: over TCP (the reply comes without its prefix). */
    Future<ByteBuf> forward(EventLoop loop, ByteBuf query, List<InetSocketAddress> upstreams, boolean tcp) {
        Promise<ByteBuf> result = loop.newPromise();
        result.addListener(f -> query.release());
        int n = Math.min(upstreams.size(), MAX_SERVERS);
        if (n == 0) {
            result.tryFailure(new IllegalStateException("no upstream DNS server"));
            return result;
        }
        long perServer = Math.max(1, budgetMillis / n);
        loop.execute(() -> attempt(loop, query, upstreams.subList(0, n), 0, perServer, tcp, result));
        return result;
    }

    private void attempt(EventLoop loop, ByteBuf query, List<InetSocketAddress> servers, int i, long timeoutMillis,
            boolean tcp, Promise<ByteBuf> result) {
        if (result.isDone()) {
            return;
        }
        if (i >= servers.size()) {
            result.tryFailure(new TimeoutException("no upstream DNS server answered"));
            return;
        }
        boolean[] over = {false};
        Channel[] ch = {null};
        Runnable giveUp = () -> { // on the event loop only; moves on to the next server once
            if (!over[0]) {
                over[0] = true;
                ch[0].close();
                attempt(loop, query, servers, i + 1, timeoutMillis, tcp, result);
            }
        };
        FirstReply first = new FirstReply(result, giveUp);
        ChannelFuture cf = tcp
                ? new Bootstrap().group(loop).channel(EpollSocketChannel.class).handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(new LengthFieldBasedFrameDecoder(0xFFFF, 0, 2, 0, 2), first);
                    }
                }).connect(servers.get(i))
                : new Bootstrap().group(loop).channel(EpollDatagramChannel.class).handler(first)
                        .connect(servers.get(i));
        ch[0] = cf.channel();
        Future<?> timer = loop.schedule(giveUp, timeoutMillis, TimeUnit.MILLISECONDS);
        ch[0].closeFuture().addListener(f -> timer.cancel(false));
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                giveUp.run();
                return;
            }
            Object msg = tcp ? Unpooled.wrappedBuffer(Unpooled.buffer(2).writeShort(query.readableBytes()),
                    query.retainedDuplicate()) : query.retainedDuplicate();
            ch[0].writeAndFlush(msg).addListener(w -> {
                if (!w.isSuccess()) {
                    giveUp.run();
                }
            });
        });
    }

    /** Completes the promise with the first reply (a datagram, or a TCP frame); closes the socket after the read. */
    private static final class FirstReply extends ChannelInboundHandlerAdapter {
        private final Promise<ByteBuf> result;
        private final Runnable giveUp;

        FirstReply(Promise<ByteBuf> result, Runnable giveUp) {
            this.result = result;
            this.giveUp = giveUp;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf reply = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
                if (reply != null && !result.trySuccess(reply.retain())) {
                    reply.release();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            Channel ch = ctx.channel();
            ch.eventLoop().execute(ch::close);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            giveUp.run(); // a TCP server that closed without a reply: the next server
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            giveUp.run(); // ICMP port unreachable (ECONNREFUSED) and the like: try the next server now
        }
    }
}
