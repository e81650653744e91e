package dev.jdock.api.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.api.stream.StdcopyReader;
import dev.jdock.api.types.container.WaitResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineClientTest {
    @TempDir
    Path dir;

    private static boolean isPing(FakeEngine.Request r) {
        return r.target().equals("/_ping");
    }

    @Test
    void pingsThenUsesTheNegotiatedPrefixAndDockerLikeHeaders() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> {
            if (isPing(r)) {
                FakeEngine.respond(out, 200, "", "");
            } else {
                FakeEngine.respond(out, 200, "Content-Type: application/json\r\n", "{\"ApiVersion\":\"1.41\"}");
            }
        })) {
            EngineClient c = new EngineClient(DockerHost.unix(sock), "jdock/test");
            assertEquals("{\"ApiVersion\":\"1.41\"}", new String(c.getBytes("/version"), StandardCharsets.UTF_8));
            List<FakeEngine.Request> reqs = fake.requests();
            assertEquals("HEAD", reqs.get(0).method());
            assertEquals("/_ping", reqs.get(0).target());
            assertEquals("/v1.41/version", reqs.get(1).target());
            assertEquals("api.moby.localhost", reqs.get(1).header("Host"));
            assertEquals("jdock/test", reqs.get(1).header("User-Agent"));
            assertEquals(ApiVersion.parse("1.41"), c.apiVersion());
        }
    }

    @Test
    void trace_reportsEachRequestsMethodTargetAndStatus() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> {
            if (isPing(r)) {
                FakeEngine.write(ch, "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 0\r\n\r\n");
            } else {
                FakeEngine.respond(out, 404, "Content-Type: application/json\r\n",
                        "{\"message\":\"No such container: x\"}");
            }
        })) {
            EngineClient c = new EngineClient(DockerHost.unix(sock), "jdock/test");
            List<String> lines = new java.util.ArrayList<>();
            c.trace(lines::add);
            assertThrows(EngineApiException.class, () -> c.getBytes("/containers/x/json"));
            assertEquals(List.of("HEAD /_ping 200", "GET /v1.41/containers/x/json 404"), lines);
            c.trace(null);
            assertThrows(EngineApiException.class, () -> c.getBytes("/containers/x/json"));
            assertEquals(2, lines.size(), "no trace once it is removed");
        }
    }

    @Test
    void newerServerIsCappedAtOurMax() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) ->
                FakeEngine.write(ch, "HTTP/1.1 200 OK\r\nApi-Version: 1.51\r\nContent-Length: 0\r\n\r\n"))) {
            assertEquals(ApiVersion.MAX, new EngineClient(DockerHost.unix(sock)).negotiate());
        }
    }

    @Test
    void readsChunkedAndCloseDelimitedBodies() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> {
            if (isPing(r)) {
                FakeEngine.respond(out, 200, "", "");
            } else if (r.target().contains("chunked")) {
                FakeEngine.write(ch, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                FakeEngine.write(ch, "4\r\n[{\"a\r\n");
                FakeEngine.write(ch, "5;ext=1\r\n\":1}]\r\n0\r\n\r\n");
            } else {
                FakeEngine.write(ch, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close");
            }
        })) {
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            assertEquals("[{\"a\":1}]", new String(c.getBytes("/chunked"), StandardCharsets.UTF_8));
            assertEquals("until close", new String(c.getBytes("/close"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void errorsCarryStatusAndMessage() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> {
            if (isPing(r)) {
                FakeEngine.respond(out, 200, "", "");
            } else if (r.target().contains("text")) {
                FakeEngine.respond(out, 400, "Content-Type: text/plain\r\n", "client version 1.11 is too old\n");
            } else {
                FakeEngine.respond(out, 404, "", "{\"message\":\"No such container: nope\"}");
            }
        })) {
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            EngineApiException e = assertThrows(EngineApiException.class, () -> c.getBytes("/containers/nope/json"));
            assertEquals(404, e.status());
            assertTrue(e.isNotFound());
            assertEquals("No such container: nope", e.getMessage());
            EngineApiException t = assertThrows(EngineApiException.class, () -> c.getBytes("/text"));
            assertEquals("client version 1.11 is too old", t.getMessage());
        }
    }

    @Test
    void streamsARequestBodyChunked() throws Exception {
        Path sock = dir.resolve("e.sock");
        byte[] tar = new byte[200_000];
        for (int i = 0; i < tar.length; i++) {
            tar[i] = (byte) i;
        }
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) ->
                FakeEngine.respond(out, 200, "", isPing(r) ? "" : "{\"stream\":\"Loaded image: x\\n\"}\n"))) {
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            try (HttpResponse r = new ImageApi(c).load(new ByteArrayInputStream(tar), true)) {
                assertTrue(r.readString().contains("Loaded image"));
            }
            FakeEngine.Request load = fake.requests().get(1);
            assertEquals("/v1.41/images/load?quiet=1", load.target());
            assertEquals("chunked", load.header("Transfer-Encoding"));
            assertEquals("application/x-tar", load.header("Content-Type"));
            assertArrayEquals(tar, load.body());
        }
    }

    @Test
    void anErrorAnsweredBeforeTheStreamedBodyWasRead_isTheResult_notABrokenPipe() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            Thread daemon = new Thread(() -> {
                try (java.nio.channels.SocketChannel ch = server.accept()) {
                    java.io.InputStream in = java.nio.channels.Channels.newInputStream(ch);
                    while (!FakeEngine.readLine(in).isEmpty()) {
                        continue; // the head only: the body is refused unread, as a daemon refusing a build
                    }
                    FakeEngine.write(ch, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 39\r\nConnection: close\r\n\r\n"
                            + "{\"message\":\"Unsupported isolation: x\"}\n");
                } catch (java.io.IOException e) {
                    // the client sees the effect
                }
            });
            daemon.start();
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            c.pinVersion(ApiVersion.parse("1.41"));
            java.io.InputStream big = new java.io.InputStream() { // 256 MiB, never held
                private long left = 256L << 20;

                @Override
                public int read() {
                    return left-- > 0 ? 0 : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    left -= n;
                    return n;
                }
            };
            EngineApiException e = assertThrows(EngineApiException.class,
                    () -> c.execute(HttpRequest.post("/build").body(big, "application/x-tar")));
            assertEquals(400, e.status());
            assertEquals("Unsupported isolation: x", e.getMessage());
            daemon.join(10_000);
        }
    }

    @Test
    void emptyPostsSendContentLengthZeroAndQueriesAreEncoded() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) ->
                FakeEngine.respond(out, isPing(r) ? 200 : 204, "", ""))) {
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            new ContainerApi(c).kill("t1", "USR1");
            new ImageApi(c).tag("busybox", "127.0.0.1:5000/bb", "1");
            List<FakeEngine.Request> reqs = fake.requests();
            assertEquals("/v1.41/containers/t1/kill?signal=USR1", reqs.get(1).target());
            assertEquals("0", reqs.get(1).header("Content-Length"));
            assertEquals("/v1.41/images/busybox/tag?repo=127.0.0.1%3A5000%2Fbb&tag=1", reqs.get(2).target());
        }
    }

    @Test
    void waitHeadArrivesBeforeTheBody() throws Exception {
        Path sock = dir.resolve("e.sock");
        CountDownLatch headSeen = new CountDownLatch(1);
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> {
            if (isPing(r)) {
                FakeEngine.respond(out, 200, "", "");
                return;
            }
            FakeEngine.write(ch, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            assertTrue(headSeen.await(10, TimeUnit.SECONDS));
            String body = "{\"Error\":null,\"StatusCode\":3}\n";
            FakeEngine.write(ch, Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        })) {
            ContainerApi api = new ContainerApi(new EngineClient(DockerHost.unix(sock)));
            ContainerApi.PendingWait w = api.waitFor("abc", "next-exit");
            headSeen.countDown();
            assertEquals(new WaitResponse(3, null), w.result());
            assertEquals("/v1.41/containers/abc/wait?condition=next-exit", fake.requests().get(1).target());
        }
    }

    @Test
    void hijackSupportsHalfClose() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> {
            if (isPing(r)) {
                FakeEngine.respond(out, 200, "", "");
                return;
            }
            FakeEngine.write(ch, "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            byte[] stdin = in.readAllBytes(); // until the client half-closes
            out.write(StdcopyFrame.encode(1, stdin, 0, stdin.length));
            out.write(new StdcopyFrame(2, "err\n".getBytes(StandardCharsets.UTF_8)).encode());
            out.flush();
        })) {
            ContainerApi api = new ContainerApi(new EngineClient(DockerHost.unix(sock)));
            try (HijackedConnection h = api.attach("abc", true, true, true)) {
                h.output().write("piped-stdin\n".getBytes(StandardCharsets.UTF_8));
                h.closeWrite();
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                ByteArrayOutputStream e = new ByteArrayOutputStream();
                new StdcopyReader(h.input()).copyTo(o, e);
                assertEquals("piped-stdin\n", o.toString(StandardCharsets.UTF_8));
                assertEquals("err\n", e.toString(StandardCharsets.UTF_8));
            }
            FakeEngine.Request attach = fake.requests().get(1);
            assertEquals("/v1.41/containers/abc/attach?stderr=1&stdin=1&stdout=1&stream=1", attach.target());
            assertEquals("Upgrade", attach.header("Connection"));
            assertEquals("tcp", attach.header("Upgrade"));
        }
    }

    @Test
    void hijackRejectsAPlain200() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> FakeEngine.respond(out, 200, "", ""))) {
            ContainerApi api = new ContainerApi(new EngineClient(DockerHost.unix(sock)));
            Exception e = assertThrows(java.io.IOException.class, () -> api.attach("abc", false, true, true));
            assertEquals("unable to upgrade to tcp, received 200", e.getMessage());
        }
    }

    @Test
    void unreachableDaemonHasADockerLikeMessage() {
        EngineClient c = new EngineClient(DockerHost.unix(dir.resolve("missing.sock")));
        DaemonUnreachableException e = assertThrows(DaemonUnreachableException.class, c::negotiate);
        assertTrue(e.getMessage().startsWith("Cannot connect to the jdock daemon at unix://"));
    }

    @Test
    void hostParsingAndFilters() {
        assertEquals(Path.of("/run/jdock.sock"), DockerHost.parse(null).socketPath());
        assertEquals("tcp://127.0.0.1:2375", DockerHost.parse("tcp://127.0.0.1:2375").toString());
        assertEquals(Path.of("/x.sock"), DockerHost.parse("unix:///x.sock").socketPath());
        assertThrows(IllegalArgumentException.class, () -> DockerHost.parse("npipe:////./pipe/docker_engine"));
        assertEquals("ssh", DockerHost.parse("ssh://h").scheme(), "ssh:// is served by SshDialer (issue 12)");
        assertEquals("{\"name\":{\"jt\":true},\"label\":{\"a=b\":true}}",
                new Filters().add("name=jt").add("label=a=b").toJson());
        assertNull(new Filters().toJson());
    }

    /** A server that answers every request of a connection (keep-alive), counting its connections. */
    private static Thread keepAliveServer(java.nio.channels.ServerSocketChannel server,
            java.util.concurrent.atomic.AtomicInteger connections, List<String> targets) {
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    java.nio.channels.SocketChannel ch = server.accept();
                    connections.incrementAndGet();
                    Thread conn = new Thread(() -> {
                        try (ch) {
                            java.io.InputStream in = new java.io.BufferedInputStream(
                                    java.nio.channels.Channels.newInputStream(ch));
                            java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
                            while (true) {
                                FakeEngine.Request r = FakeEngine.read(in);
                                targets.add(r.target());
                                FakeEngine.respond(out, 200, "", "{\"n\":" + targets.size() + "}");
                            }
                        } catch (Exception e) {
                            // the client closed: this connection ends
                        }
                    });
                    conn.setDaemon(true);
                    conn.start();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void responsesReadToTheirEnd_leaveTheConnectionForTheNextRequest() throws Exception {
        Path sock = dir.resolve("ka.sock");
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        List<String> targets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            keepAliveServer(server, connections, targets);
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            c.pinVersion(ApiVersion.parse("1.41"));
            for (int i = 1; i <= 3; i++) {
                assertEquals("{\"n\":" + i + "}", new String(c.getBytes("/x" + i), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("/v1.41/x1", "/v1.41/x2", "/v1.41/x3"), targets);
            assertEquals(1, connections.get(), "three requests on one connection");
            try (HttpResponse r = c.execute(HttpRequest.get("/unread"))) {
                r.body().read(); // closed before its end: that connection cannot serve another request
            }
            c.getBytes("/after");
            assertEquals(2, connections.get());
        }
    }

    @Test
    void anIdleConnectionTheDaemonClosed_isReplacedWithoutLosingTheRequest() throws Exception {
        Path sock = dir.resolve("e.sock");
        // FakeEngine answers one request per connection and closes it, without saying Connection: close
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, out) -> FakeEngine.respond(out, 200, "", "{}"))) {
            EngineClient c = new EngineClient(DockerHost.unix(sock));
            c.pinVersion(ApiVersion.parse("1.41"));
            c.getBytes("/one");
            Thread.sleep(100); // the daemon has closed the kept connection by now
            c.getBytes("/two");
            c.call(HttpRequest.post("/three"));
            assertEquals(List.of("/v1.41/one", "/v1.41/two", "/v1.41/three"),
                    fake.requests().stream().map(FakeEngine.Request::target).toList());
        }
    }
}
