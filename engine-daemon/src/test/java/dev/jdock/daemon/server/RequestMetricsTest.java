package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jdock.daemon.api.Routes;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What the server reports per request ({@link RequestMetrics}) and the request ID its handler's lines carry. */
class RequestMetricsTest {
    @TempDir
    Path dir;

    record Seen(String route, int status, long nanos) {
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private DaemonServer server;
    private Path sock;

    @BeforeEach
    void start() throws Exception {
        Routes routes = new Routes();
        routes.get("/containers/{id}/json", (req, res) -> {
            ids.add(MDC.get(HandlerRun.REQUEST_ID));
            LoggerFactory.getLogger("test.handler").info("inspecting {}", req.param("id"));
            res.json(200, Map.of("Id", req.param("id")));
        });
        routes.delete("/containers/{id:.*}", (req, res) -> res.status(204));
        routes.post("/containers/{id}/start", (req, res) -> {
            res.stream(200, "application/json").close();
        });
        server = new DaemonServer(fd -> 0, (route, status, nanos) -> seen.add(new Seen(route, status, nanos)));
        sock = dir.resolve("m.sock");
        server.listen("unix://" + sock, routes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Response request(String method, String target) throws Exception {
        try (SocketChannel ch = RawHttp.connect(sock)) {
            InputStream in = Channels.newInputStream(ch);
            RawHttp.send(ch, method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return RawHttp.read(in);
        }
    }

    private Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(s, "no request reported");
        return s;
    }

    @Test
    void requests_areReportedByRouteTemplate_neverByTheirPath() throws Exception {
        assertEquals(200, request("GET", "/v1.47/containers/abc123/json").status());
        Seen a = next();
        assertEquals(new Seen("GET /containers/{id}/json", 200, a.nanos()), a);
        assertTrue(a.nanos() >= 0, "duration " + a.nanos());
        assertEquals(200, request("GET", "/containers/another-name/json?size=1").status());
        assertEquals("GET /containers/{id}/json", next().route());
        assertEquals(204, request("DELETE", "/containers/parent/alias").status());
        assertEquals(new Seen("DELETE /containers/{id:.*}", 204, 0), zeroTime(next()));
        assertEquals(200, request("POST", "/containers/x/start").status());
        assertEquals(new Seen("POST /containers/{id}/start", 200, 0), zeroTime(next()), "a streamed answer");
    }

    @Test
    void unmatchedPathsAndRefusedVersions_areReportedWithoutRoute() throws Exception {
        assertEquals(404, request("GET", "/secret/path/123").status());
        assertEquals(new Seen(null, 404, 0), zeroTime(next()));
        assertEquals(400, request("GET", "/v9.99/containers/x/json").status());
        assertEquals(new Seen(null, 400, 0), zeroTime(next()));
    }

    @Test
    void eachRequest_logsWithItsOwnRequestId() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("test.handler");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            request("GET", "/containers/a/json");
            request("GET", "/containers/b/json");
        } finally {
            logger.detachAppender(lines);
        }
        assertEquals(2, ids.size());
        for (String id : ids) {
            assertTrue(id.matches("[0-9a-f]{12}"), id);
        }
        assertNotEquals(ids.get(0), ids.get(1));
        assertEquals(ids, lines.list.stream().map(e -> e.getMDCPropertyMap().get(HandlerRun.REQUEST_ID)).toList());
    }

    private static Seen zeroTime(Seen s) {
        return new Seen(s.route(), s.status(), 0);
    }
}
