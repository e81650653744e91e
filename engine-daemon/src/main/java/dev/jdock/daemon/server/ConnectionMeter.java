package dev.jdock.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** First in a connection's pipeline: counts what arrives against the {@link ConnectionBudget}. */
final class ConnectionMeter extends ChannelInboundHandlerAdapter {
    private final ConnectionBudget.Account account;

    ConnectionMeter(ConnectionBudget.Account account) {
        this.account = account;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            account.received(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        account.closed();
        ctx.fireChannelInactive();
    }
}
