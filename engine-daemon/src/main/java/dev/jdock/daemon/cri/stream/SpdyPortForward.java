package dev.jdock.daemon.cri.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.spdy.SpdyHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port forwarding over SPDY ({@code portforward.k8s.io}), as the kubelet serves it: the client opens a pair of
 * streams per forwarded connection, {@code error} then {@code data}, both with the {@code port} and the same
 * {@code requestID}. Once a pair is complete, {@code 127.0.0.1:port} in the pod's network namespace is dialled and
 * bytes copied both ways until either side ends; a failure is written on the pair's error stream. A pair not
 * complete within the stream creation timeout is dropped with an error. The connection carries pairs until the
 * client closes it.
 */
final class SpdyPortForward implements SpdyConnection.Streams {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForward.class);
    private static final int COPY_BUFFER = 32 * 1024;

    private final Channel channel;
    private final StreamingServer server;
    private final String sandboxId;
    private final InboundPipe.Gate gate;
    private final Map<String, Pair> pairs = new HashMap<>();

    private static final class Pair {
        final String requestId;
        final int port;
        int errorId = -1;
        int dataId = -1;
        InboundPipe in;
        FrameOutput out;
        boolean started;

        Pair(String requestId, int port) {
            this.requestId = requestId;
            this.port = port;
        }
    }

    SpdyPortForward(Channel channel, StreamingServer server, String sandboxId) {
        this.channel = channel;
        this.server = server;
        this.sandboxId = sandboxId;
        this.gate = new InboundPipe.Gate(channel);
    }

    @Override
    public SpdyConnection.SpdyStream opened(int id, String type, SpdyHeaders headers) {
        String requestId = headers.getAsString("requestid");
        String portText = headers.getAsString("port");
        int port;
        try {
            port = Integer.parseInt(portText == null ? "" : portText.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (requestId == null || port < 1 || port > 65535 || !(type.equals("error") || type.equals("data"))) {
            return null; // reset: the kubelet refuses such a stream too
        }
        Pair p = pairs.computeIfAbsent(requestId, r -> newPair(r, portText));
        SpdyConnection.SpdyStream s;
        if (type.equals("error") && p.errorId < 0) {
            p.errorId = id;
            s = new SpdyConnection.SpdyStream(id, type, new InboundPipe(gate), null, null);
            s.in.close(); // the client writes nothing there
        } else if (type.equals("data") && p.dataId < 0) {
            p.dataId = id;
            p.in = new InboundPipe(gate);
            p.out = new FrameOutput(channel, b -> SpdyConnection.data(id, b));
            s = new SpdyConnection.SpdyStream(id, type, p.in, p.out, null);
        } else {
            return null;
        }
        if (p.errorId > 0 && p.dataId > 0 && !p.started) {
            p.started = true;
            pairs.remove(requestId);
            server.workers().execute(() -> forward(p));
        }
        return s;
    }

    private Pair newPair(String requestId, String portText) {
        Pair p = new Pair(requestId, Integer.parseInt(portText.trim()));
        channel.eventLoop().schedule(() -> {
            if (!p.started && pairs.remove(requestId) == p) {
                if (p.errorId > 0) {
                    error(p, "timed out waiting for the data stream of request " + requestId);
                }
            }
        }, server.limits().streamCreationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    /** Copies between the pair's data stream and a connection to the port in the pod, both ways. */
    private void forward(Pair p) {
        SocketChannel conn;
        try {
            conn = server.targets().dial(sandboxId, p.port);
        } catch (IOException | RuntimeException e) {
            error(p, "error forwarding port " + p.port + " to pod " + sandboxId + ": " + e.getMessage());
            p.in.close();
            SpdyConnection.finish(channel, p.dataId);
            return;
        }
        channel.closeFuture().addListener(f -> closeQuietly(conn)); // the client went: a silent pod port too
        Thread up = new Thread(() -> toPod(p, conn), "cri-portforward-" + p.port);
        up.setDaemon(true);
        up.start();
        try {
            ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER);
            while (conn.read(buf) >= 0) {
                buf.flip();
                p.out.write(buf.array(), 0, buf.remaining());
                buf.clear();
            }
        } catch (IOException e) {
            LOG.debug("port forward {}:{}: {}", sandboxId, p.port, e.toString());
        } finally {
            p.out.drain();
            if (channel.isActive() && !p.out.isClosed()) {
                SpdyConnection.finish(channel, p.dataId);
                SpdyConnection.finish(channel, p.errorId);
            }
            p.in.close();
            closeQuietly(conn);
        }
    }

    /** The client's bytes to the pod; the client's end half-closes the connection to the port. */
    private void toPod(Pair p, SocketChannel conn) {
        byte[] b = new byte[COPY_BUFFER];
        InputStream in = p.in;
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
                while (bb.hasRemaining()) {
                    conn.write(bb);
                }
            }
            conn.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(conn);
        }
    }

    private void error(Pair p, String message) {
        if (channel.isActive() && p.errorId > 0) {
            channel.write(SpdyConnection.data(p.errorId,
                    Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
            SpdyConnection.finish(channel, p.errorId);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void closed() {
        pairs.clear();
    }
}
