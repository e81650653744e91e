package dev.jdock.daemon.network.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards one raw DNS query over UDP to the upstream servers, one after the other (at most {@value #MAX_SERVERS}),
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
        Promise<ByteBuf> result = loop.newPromise();
        result.addListener(f -> query.release());
        int n = Math.min(upstreams.size(), MAX_SERVERS);
        if (n == 0) {
            result.tryFailure(new IllegalStateException("no upstream DNS server"));
            return result;
        }
        long perServer = Math.max(1, budgetMillis / n);
        loop.execute(() -> attempt(loop, query, upstreams.subList(0, n), 0, perServer, result));
        return result;
    }

    private void attempt(EventLoop loop, ByteBuf query, List<InetSocketAddress> servers, int i, long timeoutMillis,
            Promise<ByteBuf> result) {
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
                attempt(loop, query, servers, i + 1, timeoutMillis, result);
            }
        };
        ChannelFuture cf = new Bootstrap().group(loop).channel(EpollDatagramChannel.class)
                .handler(new FirstReply(result, giveUp)).connect(servers.get(i));
        ch[0] = cf.channel();
        Future<?> timer = loop.schedule(giveUp, timeoutMillis, TimeUnit.MILLISECONDS);
        ch[0].closeFuture().addListener(f -> timer.cancel(false));
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                giveUp.run();
                return;
            }
            ch[0].writeAndFlush(query.retainedDuplicate()).addListener(w -> {
                if (!w.isSuccess()) {
                    giveUp.run();
                }
            });
        });
    }

    /** Completes the promise with the first datagram; closes the socket after the read loop is done with it. */
    private static final class FirstReply extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Promise<ByteBuf> result;
        private final Runnable giveUp;

        FirstReply(Promise<ByteBuf> result, Runnable giveUp) {
            this.result = result;
            this.giveUp = giveUp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf reply = p.content().retain();
            if (!result.trySuccess(reply)) {
                reply.release();
            }
            Channel ch = ctx.channel();
            ch.eventLoop().execute(ch::close);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            giveUp.run(); // ICMP port unreachable (ECONNREFUSED) and the like: try the next server now
        }
    }
}
