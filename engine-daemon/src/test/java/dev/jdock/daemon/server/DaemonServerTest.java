package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The server over a real UNIX socket, spoken to with raw HTTP as the docker CLI speaks it. */
class DaemonServerTest {
    @TempDir
    Path dir;

    private DaemonServer server;
    private Path sock;
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private final CompletableFuture<Void> clientGoneSeen = new CompletableFuture<>();
    private final CompletableFuture<Void> bodyOpened = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        Routes routes = new Routes();
        routes.get("/hello/{name}", (req, res) -> res.json(200, Map.of("hello", req.param("name"),
                "v", req.version().toString())));
        routes.get("/missing", (req, res) -> {
            throw EngineException.notFound("No such thing: x");
        });
        routes.get("/bug", (req, res) -> {
            throw new IllegalStateException("an invariant broke");
        });
        routes.get("/stream-then-bug", (req, res) -> {
            OutputStream out = res.stream(200, "application/json");
            out.write("{\"stream\":\"step 1\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new NumberFormatException("For input string: \"4294967295\"");
        });
        routes.post("/upload", (req, res) -> {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            InputStream in = req.body();
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                total += n;
            }
            res.json(200, Map.of("size", total, "sha", HexFormat.of().formatHex(md.digest())));
        });
        routes.post("/wait", (req, res) -> {
            OutputStream out = res.stream(200, "application/json");
            release.get(10, TimeUnit.SECONDS);
            out.write("{\"StatusCode\":0}\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        routes.post("/slow-upload", (req, res) -> {
            InputStream in = req.body();
            bodyOpened.complete(null);
            in.readAllBytes();
            res.status(204);
        });
        routes.post("/until-gone", (req, res) -> {
            res.stream(200, "application/json");
            res.closeFuture().get(10, TimeUnit.SECONDS);
            clientGoneSeen.complete(null);
        });
        routes.post("/attach", (req, res) -> {
            HijackedConnection c = res.hijack(req.header("Upgrade").isPresent(), "application/vnd.docker.raw-stream");
            byte[] all = c.input().readAllBytes();
            c.output().write(("echo:" + new String(all, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            c.close();
        });
        server = new DaemonServer();
        sock = dir.resolve("t.sock");
        server.listen("unix://" + sock, routes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(sock));
        return ch;
    }

    private static void send(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int len = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    @Test
    void keepAlive_versionedAndUnversioned() throws Exception {
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "GET /v1.41/hello/a HTTP/1.1\r\nHost: x\r\n\r\n");
            String r1 = readResponse(in);
            send(ch, "GET /hello/b HTTP/1.1\r\nHost: x\r\n\r\n");
            String r2 = readResponse(in);
            assertTrue(r1.startsWith("HTTP/1.1 200"), r1);
            assertTrue(r1.contains("Api-Version: 1.48"), r1);
            assertTrue(r1.contains("\"v\":\"1.41\"") && r1.contains("\"hello\":\"a\""), r1);
            assertTrue(r2.contains("\"v\":\"1.48\"") && r2.contains("\"hello\":\"b\""), r2);
        }
    }

    @Test
    void errors_versionOutOfRange_unknownPath_notFound() throws Exception {
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "GET /v1.99/hello/a HTTP/1.1\r\nHost: x\r\n\r\n");
            String tooNew = readResponse(in);
            send(ch, "GET /v1.47/nope HTTP/1.1\r\nHost: x\r\n\r\n");
            String nope = readResponse(in);
            send(ch, "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
            String missing = readResponse(in);
            assertTrue(tooNew.startsWith("HTTP/1.1 400"), tooNew);
            assertTrue(tooNew.contains("client version 1.99 is too new. Maximum supported API version is 1.48"));
            assertTrue(nope.startsWith("HTTP/1.1 404") && nope.contains("{\"message\":\"page not found\"}"), nope);
            assertTrue(missing.startsWith("HTTP/1.1 404") && missing.contains("No such thing: x"), missing);
        }
    }

    @Test
    void handlerThrowsNonEngineException_is500_loggedAsABugWithItsStackTrace() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(HandlerRun.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "GET /bug HTTP/1.1\r\nHost: x\r\n\r\n");
            String bug = readResponse(in);
            send(ch, "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
            String missing = readResponse(in);
            assertTrue(bug.startsWith("HTTP/1.1 500") && bug.contains("{\"message\":\"an invariant broke\"}"), bug);
            assertTrue(missing.startsWith("HTTP/1.1 404"), missing);
        } finally {
            logger.detachAppender(log);
        }
        List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, errors.size(), log.list.toString()); // the 404 is no error of the daemon
        ILoggingEvent e = errors.get(0);
        assertTrue(e.getFormattedMessage().startsWith("GET /bug: unexpected java.lang.IllegalStateException (a bug"),
                e.getFormattedMessage());
        assertEquals(IllegalStateException.class.getName(), e.getThrowableProxy().getClassName());
        assertTrue(e.getThrowableProxy().getStackTraceElementProxyArray().length > 0, "logged with its stack trace");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // before the fix: read for good
    void streamLeftOpenByAFailingHandler_isCut_notLeftWaitingForGood() throws Exception {
        // a build whose --chown=4294967295 failed mid-stream left the docker CLI waiting (10 minutes, then killed)
        try (SocketChannel ch = connect()) {

            InputStream in = Channels.newInputStream(ch);
            send(ch, "GET /stream-then-bug HTTP/1.1\r\nHost: x\r\n\r\n");
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // EOF: the connection closed
            assertTrue(all.startsWith("HTTP/1.1 200") && all.contains("step 1"), all);
            assertFalse(all.endsWith("0\r\n\r\n"), "no last chunk: the client sees the stream cut, not a success");
        }
    }

    @Test
    void chunkedUpload_isStreamedWhole() throws Exception {
        byte[] chunk = new byte[100_000];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 40; i++) {
                send(ch, Integer.toHexString(chunk.length) + "\r\n");
                ch.write(ByteBuffer.wrap(chunk));
                send(ch, "\r\n");
                md.update(chunk);
            }
            send(ch, "0\r\n\r\n");
            String r = readResponse(in);
            assertTrue(r.contains("\"size\":4000000"), r);
            assertTrue(r.contains(HexFormat.of().formatHex(md.digest())), r);
        }
    }

    @Test
    void wait_headersArriveBeforeTheBody() throws Exception {
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            byte[] head = new byte[12];
            int got = 0;
            while (got < head.length) {
                got += in.read(head, got, head.length - got);
            }
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.ISO_8859_1));
            assertTrue(!release.isDone());
            release.complete(null);
            StringBuilder rest = new StringBuilder();
            while (!rest.toString().endsWith("0\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                rest.append((char) c);
            }
            assertTrue(rest.toString().contains("{\"StatusCode\":0}"), rest.toString());
        }
    }

    /**
     * A client that goes away during a long request (the docker CLI's wait of `run -d` dies with the CLI) releases
     * the handler, as Go's server cancels the request context on EOF: no worker waits for a condition nobody reads.
     */
    @Test
    void clientGoneDuringALongRequest_releasesTheHandler() throws Exception {
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /until-gone HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(readResponse(in).startsWith("HTTP/1.1 200"));
        }
        clientGoneSeen.get(5, TimeUnit.SECONDS);
    }

    /**
     * Long polls (a wait's stream, an attach's hijacked connection) and uploads hold no place among the few short
     * handlers that run at once ({@link WorkerPool}): with more of them open than that bound, a short request still
     * starts at once.
     */
    @Test
    void streamsHijacksAndUploads_holdNoPlaceAmongTheShortHandlers() throws Exception {
        int pairs = WorkerPool.EAGER + 4;
        List<SocketChannel> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < pairs; i++) {
                SocketChannel w = connect();
                open.add(w);
                send(w, "POST /wait HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(readResponse(Channels.newInputStream(w)).startsWith("HTTP/1.1 200"));
                SocketChannel a = connect();
                open.add(a);
                send(a, "POST /attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                        + "Content-Length: 0\r\n\r\n");
                assertTrue(readResponse(Channels.newInputStream(a)).startsWith("HTTP/1.1 101"));
            }
            assertEquals(0, server.youngHandlers(), "no stream counts against the bound");
            assertEquals(2 * pairs, server.workerThreads(), "each long poll on a thread of its own");
            SocketChannel upload = connect();
            open.add(upload);
            send(upload, "POST /slow-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"
                    + "x".repeat(ServerLimits.SMALL_BODY + 1));
            bodyOpened.get(10, TimeUnit.SECONDS); // its handler started with the first bytes and opened the body
            assertEquals(0, server.youngHandlers(), "an upload at the client's pace does not count either");
            try (SocketChannel ch = connect()) {
                send(ch, "GET /hello/x HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(readResponse(Channels.newInputStream(ch)).startsWith("HTTP/1.1 200"));
            }
        } finally {
            release.complete(null);
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }

    /**
     * docker-py reads the head with a buffered reader and the stream from the raw socket: a stream byte sent before
     * the client has read the head lands in that buffer and is lost (docker/docker-py#2042). With the kernel seam the
     * stream waits until the head was read; without it, a slow client's first read takes both.
     */
    @Test
    void hijack_streamStartsOnlyOnceTheClientHasReadTheHead() throws Exception {
        Routes routes = new Routes();
        routes.post("/early", (req, res) -> {
            HijackedConnection c = res.hijack(true, "application/vnd.docker.raw-stream");
            c.output().write("early".getBytes(StandardCharsets.UTF_8));
            c.close();
        });
        String request = "POST /early HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                + "Content-Length: 0\r\n\r\n";
        Path waiting = dir.resolve("w.sock");
        Path eager = dir.resolve("e.sock");
        try (DaemonServer w = new DaemonServer(new dev.jdock.runtime.syscall.LinuxSyscalls()::socketUnreadBytes);
                DaemonServer e = new DaemonServer()) {
            w.listen("unix://" + waiting, routes);
            e.listen("unix://" + eager, routes);
            String first = firstReadAfterAPause(waiting, request);
            assertTrue(first.startsWith("HTTP/1.1 101 UPGRADED\r\n") && first.endsWith("\r\n\r\n"), first);
            assertTrue(firstReadAfterAPause(eager, request).endsWith("\r\n\r\nearly"),
                    "without the wait a slow client's first read takes the head and the stream together");
        }
    }

    /** Sends {@code request}, lets 100 ms pass without reading, then reads once with a large buffer. */
    private static String firstReadAfterAPause(Path socket, String request) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            send(ch, request);
            Thread.sleep(100);
            ByteBuffer buf = ByteBuffer.allocate(8192);
            ch.read(buf);
            String first = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
            buf.clear();
            if (first.endsWith("\r\n\r\n")) {
                ch.read(buf); // the stream follows once the head is read
                assertEquals("early", new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
            }
            return first;
        }
    }

    @Test
    void hijack_upgrade_halfCloseStillGetsOutput() throws Exception {
        try (SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "POST /attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: 0\r\n\r\n");
            String head = readResponse(in);
            assertTrue(head.startsWith("HTTP/1.1 101 UPGRADED\r\n"), head);
            assertTrue(head.contains("Upgrade: tcp"), head);
            send(ch, "stdin-bytes");
            ch.shutdownOutput();
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("echo:stdin-bytes", out);
        }
    }

    /**
     * Closing a hijacked connection right after the last write loses none of it to a reader that has fallen behind
     * (attach with logs=1 and stream=0 lost its last ~17 KB: the close discarded what Netty still had queued).
     */
    @Test
    void hijack_closeAfterWritesDeliversEverythingToALateReader() throws Exception {
        int pieces = 64;
        int piece = 128 * 1024;
        Routes routes = new Routes();
        routes.post("/burst", (req, res) -> {
            HijackedConnection c = res.hijack(true, "application/vnd.docker.raw-stream");
            byte[] b = new byte[piece];
            for (int i = 0; i < pieces; i++) {
                java.util.Arrays.fill(b, (byte) i);
                c.output().write(b);
            }
            c.close();
        });
        Path burst = dir.resolve("b.sock");
        try (DaemonServer s = new DaemonServer()) {
            s.listen("unix://" + burst, routes);
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(burst));
                InputStream in = Channels.newInputStream(ch);
                send(ch, "POST /burst HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                        + "Content-Length: 0\r\n\r\n");
                assertTrue(readResponse(in).startsWith("HTTP/1.1 101 UPGRADED\r\n"));
                Thread.sleep(500); // the handler writes its last pieces and closes while the reader is behind
                byte[] body = in.readAllBytes();
                assertEquals(pieces * piece, body.length, "bytes after the head");
                for (int i = 0; i < pieces; i++) {
                    assertEquals((byte) i, body[i * piece + piece - 1], "last byte of piece " + i);
                }
            }
        }
    }
}
