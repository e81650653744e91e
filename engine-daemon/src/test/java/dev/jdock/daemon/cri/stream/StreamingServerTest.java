package dev.jdock.daemon.cri.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming server over real sockets with {@link FakeTargets}: WebSocket with the JDK's client, SPDY with
 * Netty's SPDY codec as the client (the real Go client, on spdystream, runs in scripts/test/e2e-cri-stream.sh).
 */
class StreamingServerTest {
    private EventLoopGroup group;
    private StreamingServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        server = new StreamingServer(new RequestCache(), new FakeTargets(),
                new StreamingServer.Limits(2, Duration.ofSeconds(30), Duration.ofSeconds(2)));
        server.start(new InetSocketAddress("127.0.0.1", 0), null, group);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private String exec(boolean stdin, boolean tty, String... cmd) {
        return server.url(new StreamRequest.Exec("c1", List.of(cmd), tty, stdin, true, !tty));
    }

    @Test
    void theUrlIsOnLoopbackWithAKernelChosenPort() {
        String url = exec(false, false, "echo", "hi");
        assertTrue(url.matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/exec/[A-Za-z0-9_-]{22}"), url);
    }

    @Test
    void overTls_theUrlIsHttps_andAClientTrustingTheCertificateExecs(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.jdock.api.tls.TestPki.available(), "no openssl");
        dev.jdock.api.tls.TestPki pki = dev.jdock.api.tls.TestPki.create(dir);
        server.close();
        server = new StreamingServer(new RequestCache(), new FakeTargets(), StreamingServer.Limits.DEFAULT);
        server.start(new InetSocketAddress("127.0.0.1", 0), dev.jdock.daemon.server.ServerTls.context(
                new dev.jdock.daemon.config.TlsSettings(true, false, null, pki.file("server-cert.pem"),
                        pki.file("server-key.pem"), false)), group);
        String url = exec(false, false, "echo", "hello");
        assertTrue(url.matches("https://127\\.0\\.0\\.1:[1-9][0-9]*/exec/[A-Za-z0-9_-]{22}"), url);

        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        for (java.security.cert.X509Certificate c : dev.jdock.api.tls.Pem.certificates(pki.file("ca.pem"))) {
            trust.setCertificateEntry("ca", c);
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        Ws ws = Ws.open(HttpClient.newBuilder().sslContext(ssl).build(), url, WebSocketSession.V4);
        ws.closed.get(10, TimeUnit.SECONDS);
        assertEquals("hello\n", ws.text(1));
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", ws.text(3));

        String plain = exec(false, false, "echo", "x").replace("https://", "http://");
        String answer;
        try {
            answer = rawRequest(plain, "Upgrade: websocket\r\nConnection: Upgrade\r\n");
        } catch (IOException e) {
            answer = "";
        }
        assertTrue(!answer.contains(" 101 "), "plain HTTP is not served on the TLS port: " + answer);
    }

    @Test
    void webSocketExecSplitsStdoutAndStderrAndReportsSuccess() throws Exception {
        Ws ws = Ws.open(exec(false, false, "echo", "hello"), WebSocketSession.V4);
        ws.closed.get(10, TimeUnit.SECONDS);
        assertEquals("hello\n", ws.text(1));
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", ws.text(3));
        Ws err = Ws.open(exec(false, false, "err", "bad"), WebSocketSession.V4);
        err.closed.get(10, TimeUnit.SECONDS);
        assertEquals("bad\n", err.text(2));
        assertEquals("", err.text(1));
    }

    @Test
    void aNonZeroExitIsReportedWithItsCode() throws Exception {
        Ws ws = Ws.open(exec(false, false, "exit", "3"), WebSocketSession.V5);
        ws.closed.get(10, TimeUnit.SECONDS);
        assertTrue(ws.text(3).contains("\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":"
                + "\"ExitCode\",\"message\":\"3\"}]}"), ws.text(3));
        Ws boom = Ws.open(exec(false, false, "fail"), WebSocketSession.V5);
        boom.closed.get(10, TimeUnit.SECONDS);
        assertTrue(boom.text(3).contains("\"reason\":\"InternalError\""), boom.text(3));
    }

    @Test
    void stdinFlowsUntilV5ClosesIt() throws Exception {
        Ws ws = Ws.open(exec(true, false, "cat"), WebSocketSession.V5);
        ws.send(0, "abc");
        ws.send(0, "def");
        ws.ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(5, TimeUnit.SECONDS);
        ws.closed.get(10, TimeUnit.SECONDS);
        assertEquals("abcdef", ws.text(1));
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", ws.text(3));
    }

    @Test
    void thePreV4AndBase64Protocols_carryTheSameStreams() throws Exception {
        Ws b64 = Ws.open(exec(true, false, "cat"), WebSocketSession.V4_BASE64);
        b64.sendText("0" + java.util.Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8)));
        b64.sendText("0!!not base64!!"); // dropped
        b64.sendText("0" + java.util.Base64.getEncoder().encodeToString("def".getBytes(StandardCharsets.UTF_8)));
        for (long end = System.nanoTime() + 5_000_000_000L; !b64.text(1).equals("abcdef") && System.nanoTime() < end;) {
            Thread.sleep(20);
        }
        b64.ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        b64.closed.get(10, TimeUnit.SECONDS);
        assertEquals("abcdef", b64.text(1), "text messages: a digit, then base64");
        assertEquals(java.util.List.of(), b64.binaries, "no binary message in a base64 protocol");

        Ws v1 = Ws.open(exec(false, false, "exit", "3"), WebSocketSession.V1_BASE64);
        v1.closed.get(10, TimeUnit.SECONDS);
        assertTrue(v1.text(3).startsWith("command terminated with non-zero exit code"), v1.text(3));
        assertTrue(!v1.text(3).contains("{"), "before v4: the message, no JSON status");

        Ws ok = Ws.open(exec(false, false, "echo", "hi"), WebSocketSession.V1);
        ok.closed.get(10, TimeUnit.SECONDS);
        assertEquals("hi\n", ok.text(1));
        assertEquals("", ok.text(3), "success: nothing on the error channel before v4");

        Ws none = Ws.open(exec(false, false, "echo", "hi"), null);
        none.closed.get(10, TimeUnit.SECONDS);
        assertEquals("hi\n", none.text(1), "no subprotocol offered: the pre-v4 binary one");
    }

    @Test
    void aResizeReachesTheCommand() throws Exception {
        Ws ws = Ws.open(exec(false, true, "size"), WebSocketSession.V4);
        ws.send(4, "{\"Width\":132,\"Height\":43}");
        ws.closed.get(10, TimeUnit.SECONDS);
        assertEquals("43 132\n", ws.text(1));
    }

    @Test
    void aTokenWorksOnceAndBadRequestsGetHttpErrors() throws Exception {
        String url = exec(false, false, "echo", "x");
        Ws.open(url, WebSocketSession.V4).closed.get(10, TimeUnit.SECONDS);
        assertTrue(rawRequest(url, "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n")
                .startsWith("HTTP/1.1 404"));
        assertTrue(rawRequest(exec(false, false, "echo", "x"), "").startsWith("HTTP/1.1 400"));
        String spdy = rawRequest(exec(false, false, "echo", "x"), "Upgrade: SPDY/3.1\r\nConnection: Upgrade\r\n"
                + "X-Stream-Protocol-Version: v9.channel.k8s.io\r\n");
        assertTrue(spdy.startsWith("HTTP/1.1 403") && spdy.contains("unable to negotiate protocol"), spdy);
        assertTrue(rawRequest(server.baseUrl() + "/exec/nonexistent", "Upgrade: SPDY/3.1\r\n")
                .startsWith("HTTP/1.1 404"));
    }

    @Test
    void sessionsBeyondTheLimitAreRefused() throws Exception {
        Ws a = Ws.open(exec(true, false, "cat"), WebSocketSession.V5);
        Ws b = Ws.open(exec(true, false, "cat"), WebSocketSession.V5);
        String third = rawRequest(exec(true, false, "cat"), "Upgrade: SPDY/3.1\r\nConnection: Upgrade\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n");
        assertTrue(third.startsWith("HTTP/1.1 503"), third);
        a.ws.abort();
        b.ws.abort();
    }

    @Test
    void spdyExecWithNettysCodecAsTheClient() throws Exception {
        Spdy s = Spdy.open(group, exec(true, false, "cat"), "v4.channel.k8s.io");
        s.syn(1, "error", Map.of());
        s.syn(3, "stdin", Map.of());
        s.syn(5, "stdout", Map.of());
        s.syn(7, "stderr", Map.of());
        s.data(3, "over spdy", true);
        s.finished(1).get(10, TimeUnit.SECONDS);
        s.finished(5).get(10, TimeUnit.SECONDS);
        assertEquals("over spdy", s.text(5));
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", s.text(1));
        assertTrue(s.replied.containsKey(7));
    }

    @Test
    void spdyV2ReportsAFailureAsText() throws Exception {
        Spdy s = Spdy.open(group, exec(false, false, "exit", "2"), "v2.channel.k8s.io");
        s.syn(1, "error", Map.of());
        s.syn(3, "stdout", Map.of());
        s.syn(5, "stderr", Map.of());
        s.finished(1).get(10, TimeUnit.SECONDS);
        assertEquals("command terminated with non-zero exit code: error executing command [exit 2], exit code 2",
                s.text(1));
    }

    @Test
    void aCommandWhoseStreamsNeverComeIsDropped() throws Exception {
        Spdy s = Spdy.open(group, exec(false, false, "echo", "x"), "v4.channel.k8s.io");
        s.syn(1, "error", Map.of());
        assertTrue(s.channel.closeFuture().await(10, TimeUnit.SECONDS), "closed after the creation timeout");
    }

    @Test
    void spdyPortForwardCopiesBothWaysPerStreamPair() throws Exception {
        try (ServerSocket pod = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> serveUpper(pod));
            t.setDaemon(true);
            t.start();
            String port = Integer.toString(pod.getLocalPort());
            Spdy s = Spdy.open(group, server.url(new StreamRequest.PortForward("pod", List.of())),
                    "portforward.k8s.io");
            for (int req = 0; req < 2; req++) {
                int id = 1 + req * 4;
                s.syn(id, "error", Map.of("port", port, "requestid", Integer.toString(req)));
                s.syn(id + 2, "data", Map.of("port", port, "requestid", Integer.toString(req)));
                s.data(id + 2, "ping " + req + "\n", true);
                s.finished(id + 2).get(10, TimeUnit.SECONDS);
                assertEquals("PING " + req + "\n", s.text(id + 2));
                assertEquals("", s.text(id));
            }
            s.syn(9, "error", Map.of("port", "1", "requestid", "9"));
            s.syn(11, "data", Map.of("port", "1", "requestid", "9"));
            s.finished(9).get(10, TimeUnit.SECONDS);
            assertTrue(s.text(9).startsWith("error forwarding port 1 to pod pod: "), s.text(9));
        }
    }

    /** client-go's SPDY-over-WebSocket dialer (critest --websocket-portforward): the same stream pairs, tunnelled. */
    @Test
    void spdyTunnelledThroughAWebSocket_forwardsAsOverSpdy() throws Exception {
        try (ServerSocket pod = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> serveUpper(pod));
            t.setDaemon(true);
            t.start();
            String port = Integer.toString(pod.getLocalPort());
            Spdy s = Spdy.tunnel(group, server.url(new StreamRequest.PortForward("pod", List.of())));
            s.syn(1, "error", Map.of("port", port, "requestid", "0"));
            s.syn(3, "data", Map.of("port", port, "requestid", "0"));
            s.data(3, "through the tunnel\n", true);
            s.finished(3).get(10, TimeUnit.SECONDS);
            assertEquals("THROUGH THE TUNNEL\n", s.text(3));
            assertEquals("", s.text(1));
            s.syn(5, "error", Map.of("port", "1", "requestid", "1"));
            s.syn(7, "data", Map.of("port", "1", "requestid", "1"));
            s.finished(5).get(10, TimeUnit.SECONDS);
            assertTrue(s.text(5).startsWith("error forwarding port 1 to pod pod: "), s.text(5));
        }
    }

    @Test
    void webSocketPortForwardAnnouncesThePortOnBothChannelsAndCopies() throws Exception {
        try (ServerSocket pod = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = pod.accept()) {
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                            StandardCharsets.UTF_8)).readLine();
                    c.getOutputStream().write((line.toUpperCase() + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the test fails on what it reads
                }
            });
            t.setDaemon(true);
            t.start();
            int port = pod.getLocalPort();
            String url = server.url(new StreamRequest.PortForward("pod", List.of(1))) + "?port=" + port;
            Ws ws = Ws.open(url, WebSocketSession.V4);
            ws.send(0, "hello pod\n");
            ws.closed.get(10, TimeUnit.SECONDS);
            byte[] announce = {(byte) (port & 0xff), (byte) (port >>> 8)};
            assertEquals(new String(announce, StandardCharsets.ISO_8859_1) + "HELLO POD\n",
                    ws.channels.get(0).toString(StandardCharsets.ISO_8859_1), "the port, then the pod's answer");
            assertEquals(new String(announce, StandardCharsets.ISO_8859_1),
                    ws.channels.get(1).toString(StandardCharsets.ISO_8859_1), "the port, and no error");
        }
    }

    /** Answers each connection with its input upper-cased, until the client's end. */
    private static void serveUpper(ServerSocket ss) {
        while (!ss.isClosed()) {
            try (Socket c = ss.accept()) {
                byte[] all = c.getInputStream().readAllBytes();
                c.getOutputStream().write(new String(all, StandardCharsets.UTF_8).toUpperCase()
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Sends one HTTP request with {@code headers} to {@code url}; returns the whole answer. */
    private static String rawRequest(String url, String headers) throws IOException {
        URI u = URI.create(url);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + u.getPath() + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The JDK's WebSocket client, collecting each channel. */
    private static final class Ws implements WebSocket.Listener {
        final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();
        WebSocket ws;

        final java.util.List<Integer> binaries = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final StringBuilder textMessage = new StringBuilder();

        /** {@code protocol} null: none offered. */
        static Ws open(String url, String protocol) throws Exception {
            return open(HttpClient.newHttpClient(), url, protocol);
        }

        static Ws open(HttpClient client, String url, String protocol) throws Exception {
            Ws l = new Ws();
            WebSocket.Builder b = client.newWebSocketBuilder();
            if (protocol != null) {
                b.subprotocols(protocol);
            }
            l.ws = b.buildAsync(URI.create(url.replace("http://", "ws://").replace("https://", "wss://")), l)
                    .get(10, TimeUnit.SECONDS);
            return l;
        }

        void sendText(String text) throws Exception {
            ws.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        /** A base64 protocol's message: the channel's digit, then the data in base64. */
        @Override
        public synchronized CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            textMessage.append(data);
            if (last) {
                String m = textMessage.toString();
                textMessage.setLength(0);
                if (!m.isEmpty()) {
                    byte[] b = java.util.Base64.getDecoder().decode(m.substring(1));
                    channels.computeIfAbsent(m.charAt(0) - '0', k -> new ByteArrayOutputStream()).write(b, 0,
                            b.length);
                }
            }
            w.request(1);
            return null;
        }

        void send(int channel, String text) throws Exception {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.allocate(b.length + 1).put((byte) channel).put(b).flip();
            ws.sendBinary(buf, true).get(5, TimeUnit.SECONDS);
        }

        String text(int channel) {
            ByteArrayOutputStream b = channels.get(channel);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            message.write(b, 0, b.length);
            if (last) {
                byte[] m = message.toByteArray();
                message.reset();
                if (m.length > 0) {
                    binaries.add(m[0] & 0xff);
                    channels.computeIfAbsent(m[0] & 0xff, k -> new ByteArrayOutputStream()).write(m, 1, m.length - 1);
                }
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    /** A SPDY client on Netty's codec: upgrades, opens streams, collects each stream's data until its FIN. */
    private static final class Spdy extends ChannelInboundHandlerAdapter {
        final Map<Integer, ByteArrayOutputStream> data = new ConcurrentHashMap<>();
        final Map<Integer, CompletableFuture<Void>> fin = new ConcurrentHashMap<>();
        final Map<Integer, Boolean> replied = new ConcurrentHashMap<>();
        final CompletableFuture<HttpResponse> upgraded = new CompletableFuture<>();
        Channel channel;
        /** Set for SPDY in a WebSocket: the handshake to finish with the upgrade's answer. */
        WebSocketClientHandshaker handshaker;

        /** SPDY tunnelled through a WebSocket, as client-go's SPDY-over-WebSocket dialer. */
        static Spdy tunnel(EventLoopGroup group, String url) throws Exception {
            URI u = URI.create(url.replaceFirst("^http", "ws"));
            Spdy s = new Spdy();
            s.handshaker = WebSocketClientHandshakerFactory.newHandshaker(u, WebSocketVersion.V13,
                    WebSocketTunnel.PORT_FORWARD, false, new DefaultHttpHeaders());
            s.channel = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast("http", new HttpClientCodec())
                                    .addLast(new HttpObjectAggregator(1 << 16)).addLast("client", s);
                        }
                    }).connect(u.getHost(), u.getPort()).sync().channel();
            // from the event loop: the handshake's write listener (which adds the WebSocket encoder) then runs
            // before the answer can be read
            s.channel.eventLoop().submit(() -> s.handshaker.handshake(s.channel)).get(10, TimeUnit.SECONDS)
                    .sync();
            HttpResponse res = s.upgraded.get(10, TimeUnit.SECONDS);
            assertEquals(101, res.status().code());
            assertEquals(WebSocketTunnel.PORT_FORWARD, s.handshaker.actualSubprotocol());
            return s;
        }

        static Spdy open(EventLoopGroup group, String url, String protocol) throws Exception {
            URI u = URI.create(url);
            Spdy s = new Spdy();
            s.channel = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast("http", new HttpClientCodec()).addLast("client", s);
                        }
                    }).connect(u.getHost(), u.getPort()).sync().channel();
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, u.getPath());
            req.headers().set("Host", u.getHost()).set("Connection", "Upgrade").set("Upgrade", "SPDY/3.1")
                    .set("X-Stream-Protocol-Version", protocol).set("Content-Length", "0");
            s.channel.writeAndFlush(req).sync();
            HttpResponse res = s.upgraded.get(10, TimeUnit.SECONDS);
            assertEquals(101, res.status().code());
            assertEquals(protocol, res.headers().get("X-Stream-Protocol-Version"));
            return s;
        }

        void syn(int id, String type, Map<String, String> headers) {
            DefaultSpdySynStreamFrame f = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
            f.headers().set("streamtype", type);
            headers.forEach((k, v) -> f.headers().set(k, v));
            channel.writeAndFlush(f).syncUninterruptibly();
        }

        void data(int id, String text, boolean last) {
            SpdyDataFrame f = new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            f.setLast(last);
            channel.writeAndFlush(f).syncUninterruptibly();
        }

        CompletableFuture<Void> finished(int id) {
            return fin.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        String text(int id) {
            ByteArrayOutputStream b = data.get(id);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpResponse r && handshaker != null) {
                // the WebSocket's: from here on, SPDY frames in binary messages
                handshaker.finishHandshake(ctx.channel(), r);
                ctx.pipeline().addBefore("client", "tunnel", new WebSocketTunnel())
                        .addBefore("client", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                upgraded.complete(r);
            } else if (msg instanceof HttpResponse r) {
                // the upgrade's answer: from here on, SPDY frames
                ctx.pipeline().replace("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                upgraded.complete(r);
            } else if (msg instanceof SpdySynReplyFrame r) {
                replied.put(r.streamId(), true);
            } else if (msg instanceof SpdyDataFrame d) {
                ByteBuf c = d.content();
                byte[] b = new byte[c.readableBytes()];
                c.readBytes(b);
                data.computeIfAbsent(d.streamId(), k -> new ByteArrayOutputStream()).write(b, 0, b.length);
                if (d.isLast()) {
                    finished(d.streamId()).complete(null);
                }
            }
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}
