package dev.jdock.daemon.server;

import static dev.jdock.daemon.server.RawHttp.closedByServer;
import static dev.jdock.daemon.server.RawHttp.connect;
import static dev.jdock.daemon.server.RawHttp.read;
import static dev.jdock.daemon.server.RawHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.api.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server against what a hostile or broken client sends, over a real UNIX socket: every case gets an answer (or
 * a bounded close), costs a bounded amount of memory and threads, and leaves the server serving others.
 */
@Timeout(30)
class HostileHttpTest {
    private static final String H = "Host: x\r\n";

    @TempDir
    Path dir;

    private DaemonServer server;
    private Path sock;
    private final AtomicInteger runs = new AtomicInteger();
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private final CompletableFuture<Object> uploadOutcome = new CompletableFuture<>();
    private volatile CompletableFuture<Object> uploads = uploadOutcome;

    private void start(ServerLimits limits) throws Exception {
        Routes routes = new Routes();
        routes.get("/hello", (req, res) -> {
            runs.incrementAndGet();
            res.json(200, Map.of("hello", "world"));
        });
        routes.post("/json", (req, res) -> {
            runs.incrementAndGet();
            Map<?, ?> m = req.json(Map.class);
            res.json(200, Map.of("keys", m == null ? -1 : m.size()));
        });
        routes.post("/upload", (req, res) -> {
            runs.incrementAndGet();
            long total = 0;
            try (InputStream in = req.body()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            } catch (IOException e) {
                uploads.complete(e);
                throw e;
            }
            uploads.complete(total);
            res.json(200, Map.of("size", total));
        });
        routes.post("/ignore", (req, res) -> {
            runs.incrementAndGet();
            res.json(200, Map.of());
        });
        routes.post("/refuse", (req, res) -> {
            runs.incrementAndGet();
            throw dev.jdock.daemon.errors.EngineException.invalid("refused before reading the body");
        });
        routes.get("/block", (req, res) -> {
            runs.incrementAndGet();
            release.get(20, TimeUnit.SECONDS);
            res.json(200, Map.of());
        });
        server = new DaemonServer(limits);
        sock = dir.resolve("t.sock");
        server.listen("unix://" + sock, routes);
    }

    @AfterEach
    void stop() {
        release.complete(null);
        if (server != null) {
            server.close();
        }
    }

    private RawHttp.Response hello(SocketChannel ch) throws IOException {
        send(ch, "GET /hello HTTP/1.1\r\n" + H + "\r\n");
        return read(Channels.newInputStream(ch));
    }

    /** Another client is served while (or after) the hostile one did its worst. */
    private void othersStillServed() throws IOException {
        try (SocketChannel other = connect(sock)) {
            RawHttp.Response r = hello(other);
            assertEquals(200, r.status(), r.toString());
        }
    }

    // ---------------------------------------------------------------- item 7: JSON bodies

    /** As dockerd: invalid JSON is answered at its first bad byte, whatever follows is not read. */
    /** curl sends "Expect: 100-continue" before a body over 1 MB and waits a second unless it is answered. */
    @Test
    void expectContinue_isAnsweredBeforeTheBodyIsSent() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /upload HTTP/1.1\r\n" + H + "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            InputStream in = Channels.newInputStream(ch);
            RawHttp.Response cont = read(in);
            assertEquals(100, cont.status(), "100 Continue comes before any body byte: " + cont);
            send(ch, "hello");
            RawHttp.Response r = read(in);
            assertEquals(200, r.status(), r.toString());
        }
    }

    @Test
    void json_invalidFirstByte_answered400AtOnce_withoutReadingTheRest() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7fffffff\r\n" + "x".repeat(1000));
            InputStream in = Channels.newInputStream(ch);
            RawHttp.Response r = read(in);
            assertEquals(400, r.status(), r.toString());
            assertEquals("{\"message\":\"invalid JSON: invalid character 'x' looking for beginning of value\"}\n",
                    r.body());
            assertEquals("close", r.header("Connection"), "the 2 GB that follow are not read: the connection closes");
            assertTrue(closedByServer(in));
        }
        othersStillServed();
    }

    /** A declared 2 GB JSON body is refused before a byte of it is read. */
    @Test
    void json_declared2GB_413AtOnce() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Type: application/json\r\n"
                    + "Content-Length: 2147483648\r\n\r\n{");
            InputStream in = Channels.newInputStream(ch);
            RawHttp.Response r = read(in);
            assertEquals(413, r.status(), r.toString());
            assertEquals("{\"message\":\"request body too large: a JSON body is limited to 2097152 bytes\"}\n",
                    r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(closedByServer(in));
        }
        othersStillServed();
    }

    @Test
    void json_beyondTheCap_413_declaredOrStreamed() throws Exception {
        start(ServerLimits.DEFAULTS.withJson(1000, 4000));
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Type: application/json\r\nContent-Length: 1001\r\n\r\n"
                    + "[" + "1,".repeat(499) + "1]");
            RawHttp.Response r = read(Channels.newInputStream(ch));
            assertEquals(413, r.status(), r.toString());
            assertTrue(r.body().contains("request body too large"), r.body());
        }
        try (SocketChannel ch = connect(sock)) {
            String big = "{\"a\":\"" + "x".repeat(5000) + "\"}";
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");
            RawHttp.Response r = read(Channels.newInputStream(ch));
            assertEquals(413, r.status(), r.toString());
        }
        try (SocketChannel ch = connect(sock)) {
            String ok = "{\"a\":1,\"b\":2}";
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Length: " + ok.length() + "\r\n\r\n" + ok);
            RawHttp.Response r = read(Channels.newInputStream(ch));
            assertEquals(200, r.status(), r.toString());
            assertEquals("{\"keys\":2}\n", r.body());
        }
    }

    @Test
    void json_contentAfterTheValue_400_emptyBody_null() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Length: 6\r\n\r\n{} {}\n");
            RawHttp.Response r = read(in);
            assertEquals(400, r.status(), r.toString());
            assertEquals("{\"message\":\"unexpected content after JSON\"}\n", r.body());
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Length: 0\r\n\r\n");
            assertEquals("{\"keys\":-1}\n", read(in).body());
            send(ch, "POST /json HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\n{\"a\":");
            assertEquals("{\"message\":\"invalid JSON: unexpected EOF\"}\n", read(in).body());
        }
    }

    // ---------------------------------------------------------------- item 8: what the codec rejects

    @ParameterizedTest
    @ValueSource(strings = {
        "POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello",
        "POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n5\r\nhi!!!\r\n0\r\n\r\n",
        "POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
        "POST /json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nhello",
        "GARBAGE\r\n\r\n",
        "GET /hello\r\n\r\n",
        "GET /hello HTTP/1.1\r\nBad Header: x\r\n\r\n",
        "GET /hel%zzlo HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /hello% HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n",
    })
    void codecRejection_answered400_closed_noHandlerRuns(String request) throws Exception {
        assertRejected(request, 400, "400 Bad Request");
    }

    @Test
    void headerBlockOverTheLimit_431() throws Exception {
        assertRejected("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n", 431,
                "431 Request Header Fields Too Large");
    }

    @Test
    void requestLineOverTheLimit_414() throws Exception {
        assertRejected("GET /hello?f=" + "a".repeat(70 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
                "414 Request-URI Too Long");
    }

    @Test
    void httpVersion2_505() throws Exception {
        assertRejected("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505,
                "505 HTTP Version Not Supported: unsupported protocol version");
    }

    private void assertRejected(String request, int status, String body) throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, request);
            InputStream in = Channels.newInputStream(ch);
            RawHttp.Response r = read(in);
            assertEquals(status, r.status(), r.toString());
            assertEquals("close", r.header("Connection"));
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals(body, r.body());
            assertTrue(closedByServer(in));
        }
        assertEquals(0, runs.get(), "no handler ran for a rejected request");
        assertEquals(0, server.workerThreads(), "no worker thread was taken");
        othersStillServed();
    }

    @Test
    void longUrl_servedUpTo64KiB() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, "GET /hello?filters=" + "a".repeat(60 * 1024) + " HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(200, read(Channels.newInputStream(ch)).status());
        }
    }

    @Test
    void badQueryEscape_jsonError_connectionKept() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "GET /hello?all=%zz HTTP/1.1\r\n" + H + "\r\n");
            RawHttp.Response r = read(in);
            assertEquals(400, r.status());
            assertEquals("{\"message\":\"invalid URL escape \\\"%zz\\\"\"}\n", r.body());
            assertEquals(200, hello(ch).status(), "the connection is still usable");
        }
    }

    // ---------------------------------------------------------------- item 9: pipelining, workers, timeouts

    /**
     * A body pipelined behind a long request is not read into memory: the server stops reading, so the client's
     * writes block (socket back-pressure) until the first response is done; then the body is served whole.
     */
    @Test
    void pipelinedBodyBehindALongPoll_notReadUntilTheFirstIsDone() throws Exception {
        start(ServerLimits.DEFAULTS);
        int size = 64 << 20;
        try (SocketChannel ch = connect(sock); Selector sel = Selector.open()) {
            send(ch, "GET /block HTTP/1.1\r\n" + H + "\r\nPOST /upload HTTP/1.1\r\n" + H + "Content-Length: " + size
                    + "\r\n\r\n");
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_WRITE);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            long written = 0;
            while (written < size) {
                if (sel.select(500) == 0) {
                    break; // the socket stays full: the server is not reading
                }
                sel.selectedKeys().clear();
                chunk.clear().limit((int) Math.min(chunk.capacity(), size - written));
                written += ch.write(chunk);
            }
            assertTrue(written < 16 << 20, "the server read " + written + " bytes of a pipelined body");
            assertFalse(uploadOutcome.isDone());
            release.complete(null);
            while (written < size) {
                sel.select(5000);
                sel.selectedKeys().clear();
                chunk.clear().limit((int) Math.min(chunk.capacity(), size - written));
                written += ch.write(chunk);
            }
            sel.close();
            ch.configureBlocking(true);
            InputStream in = Channels.newInputStream(ch);
            assertEquals(200, read(in).status());
            RawHttp.Response r = read(in);
            assertEquals("{\"size\":" + size + "}\n", r.body());
        }
    }

    @Test
    void workersBounded_503Beyond_servedAgainAfterwards() throws Exception {
        start(ServerLimits.DEFAULTS.withMaxWorkers(2));
        List<SocketChannel> blocked = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                SocketChannel ch = connect(sock);
                blocked.add(ch);
                send(ch, "GET /block HTTP/1.1\r\n" + H + "\r\n");
            }
            while (runs.get() < 2) {
                Thread.onSpinWait();
            }
            try (SocketChannel ch = connect(sock)) {
                RawHttp.Response r = hello(ch);
                assertEquals(503, r.status(), r.toString());
                assertTrue(r.body().contains("server busy: 2 requests in progress"), r.body());
                assertEquals("close", r.header("Connection"));
            }
            assertEquals(2, server.workerThreads());
            release.complete(null);
            for (SocketChannel ch : blocked) {
                assertEquals(200, read(Channels.newInputStream(ch)).status());
            }
            othersStillServed();
        } finally {
            for (SocketChannel ch : blocked) {
                ch.close();
            }
        }
    }

    /**
     * Headers with part of a small body, or headers only of a large one, then nothing: no thread is taken, and the
     * connections time out.
     */
    @Test
    void stalledSmallBodies_holdNoThread_andTimeOut() throws Exception {
        start(ServerLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300)));
        List<SocketChannel> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                SocketChannel ch = connect(sock);
                stalled.add(ch);
                send(ch, i % 2 == 0 ? "POST /json HTTP/1.1\r\n" + H + "Content-Length: 100\r\n\r\n{\"a\":"
                        : "POST /upload HTTP/1.1\r\n" + H + "Content-Length: 1000000\r\n\r\n");
            }
            othersStillServed();
            assertEquals(1, server.workerThreads(), "one thread served the other client, none waits on a body");
            for (SocketChannel ch : stalled) {
                assertTrue(closedByServer(Channels.newInputStream(ch)));
            }
            assertEquals(1, runs.get(), "only the other client's request ran");
        } finally {
            for (SocketChannel ch : stalled) {
                ch.close();
            }
        }
    }

    /** A large body that stops midway: the handler reading it gets an error, not EOF; the connection closes. */
    @Test
    void stalledLargeBody_isAnErrorToTheReader() throws Exception {
        start(ServerLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300)));
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /upload HTTP/1.1\r\n" + H + "Content-Length: 1000000\r\n\r\n");
            send(ch, new byte[200_000]);
            Object outcome = uploadOutcome.get(10, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, outcome);
            assertTrue(((IOException) outcome).getMessage().contains("timed out"), outcome.toString());
            InputStream in = Channels.newInputStream(ch);
            RawHttp.Response r = read(in);
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.body().contains("reading request body: timed out"), r.body());
            assertTrue(closedByServer(in));
        }
    }

    @Test
    void idleConnection_andHeadSentByteByByte_closed() throws Exception {
        start(ServerLimits.DEFAULTS.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30)));
        try (SocketChannel idle = connect(sock); SocketChannel slow = connect(sock); Selector sel = Selector.open()) {
            assertEquals(200, hello(idle).status());
            send(slow, "GET /hello HTTP/1.1\r\n");
            slow.configureBlocking(false);
            slow.register(sel, SelectionKey.OP_READ);
            boolean closed = false;
            for (int i = 0; i < 200 && !closed; i++) { // one header byte every 50 ms, for at most 10 s
                try {
                    send(slow, "X");
                    closed = sel.select(50) > 0 && slow.read(ByteBuffer.allocate(64)) < 0;
                } catch (IOException e) {
                    closed = true;
                }
                sel.selectedKeys().clear();
            }
            assertTrue(closed, "a head that never completes is cut off");
            assertTrue(closedByServer(Channels.newInputStream(idle)));
        }
    }

    /**
     * A handler that refuses a large body before reading it (docker import with a bad --change): the connection is
     * half-closed after the answer and what the client still sends is read for a while, so a client busy writing its
     * body (the docker CLI) reads the answer rather than failing on a broken pipe, as with Go's server.
     */
    @Test
    void answeredBeforeTheBody_clientStillWriting_readsTheAnswer() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /refuse HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            send(ch, chunk);
            InputStream in = Channels.newInputStream(ch);
            RawHttp.Response r = read(in);
            assertEquals(400, r.status(), r.toString());
            assertEquals("close", r.header("Connection"));
            assertTrue(closedByServer(in), "the answer is complete");
            send(ch, chunk); // the client, still writing, does not get a broken pipe
        }
        othersStillServed();
    }

    // ---------------------------------------------------------------- item 10: a body cut short

    /**
     * The client sends half its body and shuts down its side: the handler's read fails (never EOF), and the client
     * still gets the answer (the reader's back-pressure changes after the shutdown once dropped the connection).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bodyCutShort_isAnErrorToTheReader_neverEof(boolean chunked) throws Exception {
        start(ServerLimits.DEFAULTS);
        for (int i = 0; i < 10; i++) {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            uploads = outcome;
            try (SocketChannel ch = connect(sock)) {
                if (chunked) {
                    send(ch, "POST /upload HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(1_000_000) + "\r\n");
                } else {
                    send(ch, "POST /upload HTTP/1.1\r\n" + H + "Content-Length: 2000000\r\n\r\n");
                }
                send(ch, new byte[1_000_000]);
                ch.shutdownOutput();
                assertInstanceOf(IOException.class, outcome.get(10, TimeUnit.SECONDS), "half a body read whole");
                RawHttp.Response r = read(Channels.newInputStream(ch));
                assertEquals(400, r.status(), String.valueOf(r));
                assertTrue(r.body().contains("unexpected EOF: the client closed the connection before the request "
                        + "body was complete"), r.body());
            }
        }
        othersStillServed();
    }

    @Test
    void bodyCutShortBeforeTheHandlerStarts_nothingRuns() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            send(ch, "POST /upload HTTP/1.1\r\n" + H + "Content-Length: 200\r\n\r\nabc");
            ch.shutdownOutput();
            assertNull(read(Channels.newInputStream(ch)));
        }
        assertEquals(0, runs.get());
    }

    // ---------------------------------------------------------------- the rest of an unread body

    @Test
    void unreadBody_smallDropped_keepAlive_largeClosed() throws Exception {
        start(ServerLimits.DEFAULTS);
        try (SocketChannel ch = connect(sock)) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /ignore HTTP/1.1\r\n" + H + "Content-Length: 100000\r\n\r\n");
            send(ch, new byte[100_000]);
            RawHttp.Response r = read(in);
            assertEquals(200, r.status());
            assertNull(r.header("Connection"));
            assertEquals(200, hello(ch).status(), "a small unread body is dropped, the connection kept");
        }
        try (SocketChannel ch = connect(sock)) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /ignore HTTP/1.1\r\n" + H + "Content-Length: 100000000\r\n\r\n");
            send(ch, new byte[100_000]);
            RawHttp.Response r = read(in);
            assertEquals("close", r.header("Connection"), "100 MB are not read just to be dropped");
            assertTrue(closedByServer(in));
        }
    }
}
