package dev.jdock.daemon.cri.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forwarding over WebSocket ({@code v4.channel.k8s.io}), as the kubelet serves it: the ports are the URL's
 * {@code port} (or {@code ports}) query parameters, else those of the PortForwardRequest; port number {@code i} has
 * the data channel {@code 2i} and the error channel {@code 2i+1}, and each channel's first message from the server
 * is the port, 2 bytes little-endian. One connection to each port, copied both ways; the WebSocket closes when all
 * have ended (or the client closes it).
 */
final class WebSocketPortForward {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketPortForward.class);
    private static final int COPY_BUFFER = 32 * 1024;

    private final Channel channel;
    private final StreamingServer server;
    private final String sandboxId;
    private final List<Integer> ports;
    private final InboundPipe[] toPod;
    private final AtomicInteger running;

    WebSocketPortForward(Channel channel, StreamingServer server, String sandboxId, List<Integer> ports) {
        this.channel = channel;
        this.server = server;
        this.sandboxId = sandboxId;
        this.ports = List.copyOf(ports);
        InboundPipe.Gate gate = new InboundPipe.Gate(channel);
        this.toPod = new InboundPipe[ports.size()];
        for (int i = 0; i < toPod.length; i++) {
            toPod[i] = new InboundPipe(gate);
        }
        this.running = new AtomicInteger(ports.size());
        channel.closeFuture().addListener(f -> {
            for (InboundPipe p : toPod) {
                p.end();
            }
        });
    }

    /** The handler of the connection's frames after the handshake (on the event loop). */
    SimpleChannelInboundHandler<WebSocketFrame> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
                if (f instanceof PingWebSocketFrame) {
                    ctx.writeAndFlush(new PongWebSocketFrame(f.content().retain()));
                } else if (f instanceof CloseWebSocketFrame) {
                    ctx.close();
                } else if ((f instanceof BinaryWebSocketFrame || f instanceof TextWebSocketFrame)
                        && f.content().isReadable()) {
                    int ch = f.content().readUnsignedByte();
                    if (ch % 2 == 0 && ch / 2 < toPod.length) {
                        toPod[ch / 2].offer(f.content().retainedSlice());
                    }
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                WebSocketSession.closeOnError(ctx, cause);
            }
        };
    }

    /** After the handshake: the initial frames, then one forward per port on the workers. */
    void start() {
        for (int i = 0; i < ports.size(); i++) {
            int p = ports.get(i);
            byte[] port = {(byte) (p & 0xff), (byte) (p >>> 8)};
            channel.write(WebSocketSession.frame(2 * i, Unpooled.wrappedBuffer(port)));
            channel.write(WebSocketSession.frame(2 * i + 1, Unpooled.copiedBuffer(port)));
        }
        channel.flush();
        for (int i = 0; i < ports.size(); i++) {
            int index = i;
            server.workers().execute(() -> forward(index));
        }
    }

    private void forward(int i) {
        int port = ports.get(i);
        FrameOutput out = new FrameOutput(channel, b -> WebSocketSession.frame(2 * i, b));
        try (SocketChannel conn = server.targets().dial(sandboxId, port)) {
            channel.closeFuture().addListener(f -> conn.close());
            Thread up = new Thread(() -> copyToPod(toPod[i], conn), "cri-portforward-" + port);
            up.setDaemon(true);
            up.start();
            ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER);
            while (conn.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.remaining());
                buf.clear();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("port forward {}:{}: {}", sandboxId, port, e.toString());
            if (channel.isActive() && !(e instanceof java.nio.channels.AsynchronousCloseException)) {
                channel.writeAndFlush(WebSocketSession.frame(2 * i + 1, Unpooled.copiedBuffer("error forwarding port "
                        + port + " to pod " + sandboxId + ": " + e.getMessage(), StandardCharsets.UTF_8)));
            }
        } finally {
            out.drain();
            toPod[i].close();
            if (running.decrementAndGet() == 0 && channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, ""))
                        .addListener(f -> ChannelSession.lingerClose(channel));
            }
        }
    }

    private static void copyToPod(InboundPipe in, SocketChannel conn) {
        byte[] b = new byte[COPY_BUFFER];
        try {
            for (int n; (n = in.read(b)) >= 0;) {
                ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
                while (bb.hasRemaining()) {
                    conn.write(bb);
                }
            }
            conn.shutdownOutput();
        } catch (IOException e) {
            // the pod's side or the client has gone: the other direction ends too
        }
    }
}
