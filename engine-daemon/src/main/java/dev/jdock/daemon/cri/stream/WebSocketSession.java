package dev.jdock.daemon.cri.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.base64.Base64;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/**
 * A remote command over WebSocket, with the kubelet's protocols: {@code v5.channel.k8s.io}, {@code v4.channel.k8s.io}
 * and the pre-v4 {@code channel.k8s.io} (also chosen when the client names no subprotocol): binary messages whose
 * first byte is the channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); v5 adds the close message, channel 255
 * followed by the channel the client closes (stdin's end). The base64 forms ({@code v4.base64.channel.k8s.io},
 * {@code base64.channel.k8s.io}) send text messages instead: the channel as an ASCII digit, then the data in base64.
 * Before v4 the error channel carries only a failure's message, not a JSON status.
 */
final class WebSocketSession extends ChannelSession {
    static final String V4 = "v4.channel.k8s.io";
    static final String V5 = "v5.channel.k8s.io";
    static final String V4_BASE64 = "v4.base64.channel.k8s.io";
    static final String V1 = "channel.k8s.io";
    static final String V1_BASE64 = "base64.channel.k8s.io";
    /** What the server answers when the client offers no subprotocol: the pre-v4 binary one, as the kubelet. */
    static final String NONE = "";
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private final int version;
    private final boolean base64;

    WebSocketSession(Channel channel, Executor workers, String protocol, boolean in, boolean out, boolean err) {
        super(channel, workers);
        this.version = V5.equals(protocol) ? 5 : V4.equals(protocol) || V4_BASE64.equals(protocol) ? 4 : 1;
        this.base64 = V4_BASE64.equals(protocol) || V1_BASE64.equals(protocol);
        this.stdin = in ? new InboundPipe(gate) : null;
        this.stdout = out ? new FrameOutput(channel, b -> message(STDOUT, b)) : null;
        this.stderr = err ? new FrameOutput(channel, b -> message(STDERR, b)) : null;
    }

    /** One message of the session's protocol: binary, or text with the data in base64. */
    private WebSocketFrame message(int ch, ByteBuf data) {
        if (!base64) {
            return frame(ch, data);
        }
        try {
            ByteBuf encoded = Base64.encode(data, false);
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(new byte[] {
                (byte) ('0' + ch)}), encoded));
        } finally {
            data.release();
        }
    }

    /** The channel's byte, then {@code data}. */
    static BinaryWebSocketFrame frame(int channel, ByteBuf data) {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(new byte[] {(byte) channel}),
                data));
    }

    /** The handler of the connection's frames after the handshake (on the event loop). */
    SimpleChannelInboundHandler<WebSocketFrame> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
                received(ctx, f);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                closeOnError(ctx, cause);
            }
        };
    }

    /** A connection error (the client reset it): the session learns it from the close. */
    static void closeOnError(ChannelHandlerContext ctx, Throwable cause) {
        LoggerFactory.getLogger(WebSocketSession.class).debug("streaming connection {}: {}",
                ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void received(ChannelHandlerContext ctx, WebSocketFrame f) {
        if (f instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(f.content().retain()));
            return;
        }
        if (f instanceof CloseWebSocketFrame) {
            ctx.close();
            return;
        }
        if (!(f instanceof BinaryWebSocketFrame || f instanceof TextWebSocketFrame) || !f.content().isReadable()) {
            return; // pongs need nothing
        }
        // a text message is taken as bytes too, as the kubelet's websocket library reads either kind (clients such
        // as the Python client send str data as text); the base64 protocols' channel is a digit, the rest base64
        ByteBuf data = f.content();
        int ch = data.readUnsignedByte();
        if (base64) {
            ch -= '0';
            data = decoded(data);
            if (data == null) {
                return;
            }
        }
        try {
            receivedOn(ch, data);
        } finally {
            if (base64) {
                data.release();
            }
        }
    }

    /** The base64 payload decoded, or null when it is not base64: the message is dropped. */
    private static ByteBuf decoded(ByteBuf data) {
        try {
            return Base64.decode(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void receivedOn(int ch, ByteBuf data) {
        if (ch == STDIN && stdin != null) {
            stdin.offer(data.retainedSlice());
        } else if (ch == RESIZE && data.readableBytes() <= MAX_RESIZE_BYTES) {
            resizeMessage(ByteBufUtil.getBytes(data));
        } else if (ch == CLOSE && version >= 5 && data.isReadable() && data.readUnsignedByte() == STDIN
                && stdin != null) {
            stdin.end();
        }
    }

    @Override
    void finish(RemoteStatus status) {
        drainOutputs();
        if (!channel.isActive()) {
            return;
        }
        byte[] b = status.encode(version);
        if (b.length > 0) {
            channel.write(message(ERROR, Unpooled.wrappedBuffer(b)));
        }
        channel.writeAndFlush(new CloseWebSocketFrame(1000, ""))
                .addListener(f -> lingerClose(channel));
    }
}
