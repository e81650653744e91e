package dev.jdock.daemon.cri.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;

/**
 * The one HTTP request of a streaming connection: {@code GET} or {@code POST /exec|attach|portforward/<token>}.
 * The token's request is taken (once), the protocol negotiated as the kubelet does, and the connection upgraded:
 * to WebSocket ({@code Upgrade: websocket} with a channel subprotocol) or to SPDY/3.1 ({@code Upgrade: SPDY/3.1}
 * with {@code X-Stream-Protocol-Version}). Anything else gets an HTTP error and the connection closes.
 */
final class StreamHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHttpHandler.class);

    /** The SPDY remote command protocols served, in the kubelet's order of preference. */
    static final List<String> SPDY_COMMAND = List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io");
    static final String SPDY_PORT_FORWARD = "portforward.k8s.io";
    static final List<String> WEBSOCKET_COMMAND = List.of(WebSocketSession.V5, WebSocketSession.V4,
            WebSocketSession.V4_BASE64, WebSocketSession.V1, WebSocketSession.V1_BASE64);
    static final List<String> WEBSOCKET_PORT_FORWARD = List.of(WebSocketSession.V4, WebSocketTunnel.PORT_FORWARD);
    static final String STREAM_PROTOCOL_HEADER = "X-Stream-Protocol-Version";
    static final int MAX_WEBSOCKET_MESSAGE = 1 << 20;

    private final StreamingServer server;

    StreamHttpHandler(StreamingServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.POST)) {
            fail(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
            return;
        }
        String[] parts = new QueryStringDecoder(req.uri()).path().split("/");
        if (parts.length != 3 || !parts[0].isEmpty()
                || !List.of("exec", "attach", "portforward").contains(parts[1])) {
            fail(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "");
        boolean websocket = upgrade.equalsIgnoreCase("websocket");
        boolean spdy = upgrade.equalsIgnoreCase("SPDY/3.1");
        if (!websocket && !spdy) {
            fail(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: missing upgrade headers in request");
            return;
        }
        Optional<StreamRequest> found = server.requests().consume(parts[2]);
        if (found.isEmpty() || !found.get().kind().equals(parts[1])) {
            fail(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        StreamRequest request = found.get();
        if (!server.admit(ctx.channel())) {
            fail(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many streaming sessions");
            return;
        }
        if (websocket) {
            upgradeWebSocket(ctx, req, request);
        } else {
            upgradeSpdy(ctx, req, request);
        }
    }

    private void upgradeWebSocket(ChannelHandlerContext ctx, FullHttpRequest req, StreamRequest request) {
        List<String> offered = values(req, HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL.toString());
        List<String> served = request instanceof StreamRequest.PortForward ? WEBSOCKET_PORT_FORWARD
                : WEBSOCKET_COMMAND;
        String protocol = served.stream().filter(offered::contains).findFirst()
                .orElse(offered.isEmpty() && !(request instanceof StreamRequest.PortForward) ? WebSocketSession.NONE
                        : null);
        if (protocol == null) {
            fail(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: unable to negotiate protocol: client "
                    + "supports " + offered + ", server supports " + served);
            return;
        }
        if (request instanceof StreamRequest.PortForward pf) {
            if (protocol.equals(WebSocketTunnel.PORT_FORWARD)) {
                // SPDY inside: the port forward's streams as over SPDY, the ports in its stream headers. The SPDY
                // codec (which refuses to write anything but its frames) comes after the handshake's answer, and
                // nothing is read before it is there.
                Channel ch = ctx.channel();
                ch.config().setAutoRead(false);
                handshake(ctx, req, protocol, () -> {
                    ch.pipeline().addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1),
                            new SpdyConnection(new SpdyPortForward(ch, server, pf.sandboxId())));
                    ch.config().setAutoRead(true);
                }, new WebSocketTunnel());
                return;
            }
            List<Integer> ports = queryPorts(req, pf.ports());
            if (ports == null) {
                fail(ctx, HttpResponseStatus.BAD_REQUEST, "query parameter \"port\" is required, with ports "
                        + "in 1-65535");
                return;
            }
            WebSocketPortForward forward = new WebSocketPortForward(ctx.channel(), server, pf.sandboxId(), ports);
            handshake(ctx, req, protocol, forward::start, forward.handler());
            return;
        }
        boolean[] io = io(request);
        WebSocketSession session = new WebSocketSession(ctx.channel(), server.workers(), protocol, io[0], io[1],
                io[2]);
        handshake(ctx, req, protocol,
                () -> server.workers().execute(() -> RemoteCommand.run(request, session, server.targets())),
                session.handler());
    }

    /**
     * Completes the WebSocket handshake with {@code handlers} after the (aggregated) frames; {@code then} runs once
     * it is done.
     */
    private void handshake(ChannelHandlerContext ctx, FullHttpRequest req, String protocol, Runnable then,
            ChannelHandler... handlers) {
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory("ws://" + req.headers().get("Host")
                + req.uri(), protocol.isEmpty() ? null : protocol, false, MAX_WEBSOCKET_MESSAGE).newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().addLast(new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE)).addLast(handlers);
        ctx.pipeline().remove(this);
        hs.handshake(ctx.channel(), req).addListener(f -> {
            if (f.isSuccess()) {
                then.run();
            } else {
                ctx.close();
            }
        });
    }

    /**
     * The ports of a WebSocket port forward: the {@code port} (the kubelet's) or {@code ports} query parameters,
     * repeated or comma-separated; else {@code fallback}. Null when there is none or one is no port.
     */
    static List<Integer> queryPorts(FullHttpRequest req, List<Integer> fallback) {
        Map<String, List<String>> q = new QueryStringDecoder(req.uri()).parameters();
        List<String> given = new ArrayList<>(q.getOrDefault("port", List.of()));
        given.addAll(q.getOrDefault("ports", List.of()));
        List<Integer> ports = new ArrayList<>();
        for (String v : given) {
            for (String p : v.split(",")) {
                try {
                    ports.add(Integer.parseInt(p.trim()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        if (ports.isEmpty()) {
            ports.addAll(fallback);
        }
        boolean valid = !ports.isEmpty() && ports.stream().allMatch(p -> p >= 1 && p <= 65535);
        return valid ? ports : null;
    }

    private void upgradeSpdy(ChannelHandlerContext ctx, FullHttpRequest req, StreamRequest request) {
        List<String> offered = values(req, STREAM_PROTOCOL_HEADER);
        List<String> served = request instanceof StreamRequest.PortForward ? List.of(SPDY_PORT_FORWARD)
                : SPDY_COMMAND;
        String protocol = offered.stream().filter(served::contains).findFirst().orElse(null);
        if (protocol == null) {
            fail(ctx, HttpResponseStatus.FORBIDDEN, "unable to upgrade: unable to negotiate protocol: client "
                    + "supports " + offered + ", server accepts " + served);
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set(STREAM_PROTOCOL_HEADER, protocol);
        ctx.writeAndFlush(res);
        SpdyConnection.Streams streams;
        if (request instanceof StreamRequest.PortForward pf) {
            streams = new SpdyPortForward(ctx.channel(), server, pf.sandboxId());
        } else {
            boolean[] io = io(request);
            int version = protocol.charAt(1) - '0';
            SpdyCommand cmd = new SpdyCommand(ctx.channel(), server.workers(), version, io[0], io[1], io[2], io[3]);
            SpdyConnection.expect(ctx.channel(), cmd.ready(), server.limits().streamCreationTimeout());
            cmd.ready().thenRun(() -> server.workers().execute(() -> RemoteCommand.run(request, cmd,
                    server.targets())));
            streams = cmd;
        }
        ChannelPipeline p = ctx.pipeline();
        p.remove(HttpObjectAggregator.class);
        p.replace(HttpServerCodec.class, "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        p.replace(this, "streams", new SpdyConnection(streams));
    }

    /** stdin, stdout, stderr, tty of an Exec or Attach. */
    private static boolean[] io(StreamRequest r) {
        if (r instanceof StreamRequest.Exec e) {
            return new boolean[] {e.stdin(), e.stdout(), e.stderr(), e.tty()};
        }
        StreamRequest.Attach a = (StreamRequest.Attach) r;
        return new boolean[] {a.stdin(), a.stdout(), a.stderr(), a.tty()};
    }

    /** Every value of a header that may be repeated or comma-separated. */
    private static List<String> values(FullHttpRequest req, String name) {
        List<String> out = new ArrayList<>();
        for (String v : req.headers().getAll(name)) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static void fail(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("streaming connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
