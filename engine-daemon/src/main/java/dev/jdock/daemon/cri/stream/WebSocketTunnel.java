package dev.jdock.daemon.cri.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * SPDY tunnelled through a WebSocket (subprotocol {@code SPDY/3.1+portforward.k8s.io}, client-go's
 * {@code NewSPDYOverWebsocketDialer}, which critest's {@code --websocket-portforward} and newer kubectl use): the
 * binary messages' data, in order, are the SPDY connection's bytes both ways, each write one binary message, as
 * client-go's tunnelling connection reads and writes them. Between the WebSocket codec and the SPDY frame codec.
 * A ping is answered; a close, or a message that is not binary (the tunnel carries bytes only), ends the connection.
 */
final class WebSocketTunnel extends ChannelDuplexHandler {
    /** The subprotocol: the tunnelling prefix and the SPDY protocol it carries. */
    static final String PORT_FORWARD = "SPDY/3.1+" + StreamHttpHandler.SPDY_PORT_FORWARD;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame f) {
            ctx.fireChannelRead(f.content());
            return;
        }
        try {
            if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof WebSocketFrame && !(msg instanceof PongWebSocketFrame)) {
                ctx.close(); // a close, or text where the tunnel has bytes
            } else if (!(msg instanceof WebSocketFrame)) {
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof ByteBuf b ? new BinaryWebSocketFrame(b) : msg, promise);
    }
}
