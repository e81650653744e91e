package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.daemon.errors.EngineException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness reads each framing the server uses: Content-Length, chunked, none, and a hijacked stream. */
class RouterHarnessTest {
    @TempDir
    Path dir;

    private static final Router ROUTES = r -> {
        r.get("/fixed/{name:.*}", (req, res) -> res.bytes(200, "text/plain", req.param("name")
                .getBytes(StandardCharsets.UTF_8)));
        r.get("/chunks", (req, res) -> {
            try (OutputStream out = res.stream(200, "application/json")) {
                out.write("a".getBytes(StandardCharsets.UTF_8));
                out.write("bc".getBytes(StandardCharsets.UTF_8));
            }
        });
        r.post("/none", (req, res) -> res.status(204));
        r.post("/raw", (req, res) -> {
            HijackedConnection c = res.hijack(req.header("Upgrade").isPresent(), "application/vnd.docker.raw-stream");
            c.output().write(req.body().readAllBytes());
            c.close();
        });
        r.get("/fail", (req, res) -> {
            throw EngineException.conflict("busy");
        });
        r.post("/raw-then-fail", (req, res) -> {
            res.hijack(true, "application/vnd.docker.raw-stream").output().write('x');
            throw new IllegalStateException("a bug after the hijack");
        });
    };

    /** A handler that fails after the hijack: the connection is closed (the client sees EOF), never left open. */
    @Test
    void aFailureAfterTheHijack_closesTheConnection() throws Exception {
        try (RouterHarness api = RouterHarness.serve(dir, ROUTES)) {
            RouterHarness.Response r = api.request("POST", "/raw-then-fail",
                    Map.of("Upgrade", "tcp", "Connection", "Upgrade"), new byte[0]);
            assertEquals(101, r.status());
            assertEquals("x", r.text());
        }
    }

    @Test
    void everyFraming_decoded() throws Exception {
        try (RouterHarness api = RouterHarness.serve(dir, ROUTES)) {
            RouterHarness.Response fixed = api.get("/v1.44/fixed/a/b%2Fc");
            assertEquals(200, fixed.status());
            assertEquals("a/b/c", fixed.text());
            assertEquals("abc", api.get("/chunks").text());
            try (RouterHarness.Exchange ex = api.open("GET", "/chunks", Map.of(), null)) {
                assertEquals("a", new String(ex.nextChunk(), StandardCharsets.UTF_8));
                assertEquals("bc", new String(ex.nextChunk(), StandardCharsets.UTF_8));
                assertNull(ex.nextChunk());
            }
            RouterHarness.Response none = api.post("/none");
            assertEquals(204, none.status());
            assertEquals(0, none.body().length);
            RouterHarness.Response raw = api.request("POST", "/raw", Map.of("Upgrade", "tcp", "Connection", "Upgrade"),
                    "ping".getBytes(StandardCharsets.UTF_8));
            assertEquals(101, raw.status());
            assertEquals("ping", raw.text());
            RouterHarness.Response fail = api.get("/fail");
            assertEquals(409, fail.status());
            assertEquals("busy", fail.message());
        }
    }
}
