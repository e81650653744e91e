package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.api.Routes;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageRouter}: against the real image service with faked requests, and over the real server on a fake. */
class ImageRouterTest {
    private static final String AUTH = Base64.getUrlEncoder().encodeToString(
            "{\"username\":\"u\",\"password\":\"p\"}".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path root;
    private final FakeImageBackend fake = new FakeImageBackend();
    private RouterHarness api;

    @BeforeEach
    void serve() throws Exception {
        api = RouterHarness.serve(root, new ImageRouter(fake));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Sends each {@code METHOD target} and checks the status and the one call the fake saw. */
    private void expectCalls(int status, String... targetsThenCalls) {
        for (int i = 0; i < targetsThenCalls.length; i += 2) {
            fake.calls.clear();
            String[] mt = targetsThenCalls[i].split(" ", 2);
            Response r = api.request(mt[0], mt[1], Map.of(), null);
            assertEquals(status, r.status(), targetsThenCalls[i] + " -> " + r);
            assertEquals(List.of(targetsThenCalls[i + 1]), fake.calls, targetsThenCalls[i]);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void list_allFiltersAndVersion_legacyFilterOnlyBelowApi141() {
        expectCalls(200,
                "GET /images/json", "list all=false {} 1.48",
                "GET /v1.43/images/json?all=1&filters=" + enc("{\"dangling\":[\"true\"]}"),
                "list all=true {dangling=[true]} 1.43",
                "GET /v1.40/images/json?filter=busy*", "list all=false {reference=[busy*]} 1.40",
                "GET /v1.40/images/json?filter=busy*&filters=" + enc("{\"reference\":{\"alp*\":true}}"),
                "list all=false {reference=[alp*, busy*]} 1.40",
                "GET /v1.41/images/json?filter=busy*", "list all=false {} 1.41");
        assertEquals("[]\n", api.get("/images/json").text());
    }

    @Test
    void namesWithSlashesAndTags_reachInspectTagRemove() {
        expectCalls(200,
                "GET /images/example.com:5000/org/app:v1/json", "inspect example.com:5000/org/app:v1 1.48",
                "GET /v1.43/images/busybox/json", "inspect busybox 1.43",
                "GET /images/sha256:" + "ef".repeat(32) + "/json", "inspect sha256:" + "ef".repeat(32) + " 1.48",
                "DELETE /images/org/app:v1", "remove org/app:v1 force=false prune=true",
                "DELETE /images/org/app?force=1&noprune=true", "remove org/app force=true prune=false",
                "DELETE /images/app?force=0&noprune=0", "remove app force=false prune=true");
        expectCalls(201,
                "POST /images/org/app:v1/tag?repo=localhost:5000/x&tag=y", "tag org/app:v1 localhost:5000/x y",
                "POST /images/app/tag?repo=b", "tag app b ");
        assertEquals(FakeImageBackend.ID, api.get("/images/app/json").json().path("Id").asText());
    }

    @Test
    void remove_bodyOmitsEmptyFields_errorsAreJson() {
        fake.deleted = List.of(ImageDeleteResponseItem.untagged("app:v1"),
                new ImageDeleteResponseItem(null, FakeImageBackend.ID));
        Response r = api.delete("/images/app:v1");
        assertEquals(200, r.status());
        assertEquals("[{\"Untagged\":\"app:v1\"},{\"Deleted\":\"" + FakeImageBackend.ID + "\"}]\n", r.text());
        fake.failOn("remove", EngineException.conflict("conflict: unable to delete app:v1 (must be forced)"));
        r = api.delete("/images/app:v1");
        assertEquals(409, r.status());
        assertEquals("conflict: unable to delete app:v1 (must be forced)", r.message());
        fake.failOn("inspect", EngineException.notFound("No such image: nope:latest"));
        r = api.get("/images/nope/json");
        assertEquals(404, r.status());
        assertEquals("{\"message\":\"No such image: nope:latest\"}\n", r.text());
    }

    @Test
    void load_bodyPassedOn_loadedLinesStreamedAfter_errorsInTheAnswer() {
        fake.loadedLines = List.of("Loaded image: a:1", "Loaded image ID: " + FakeImageBackend.ID);
        byte[] tar = FakeImageBackend.utf8("docker archive bytes");
        Response r = api.request("POST", "/images/load?quiet=1", Map.of("Content-Type", "application/x-tar"), tar);
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("{\"stream\":\"Loaded image: a:1\\n\"}\n{\"stream\":\"Loaded image ID: "
                + FakeImageBackend.ID + "\\n\"}\n", r.text());
        assertArrayEquals(tar, fake.received.toByteArray());
        fake.failOn("load", EngineException.invalid("unexpected EOF"));
        r = api.request("POST", "/images/load", Map.of(), tar);
        assertEquals(200, r.status(), "moby writes an error before any output into the answer too");
        assertEquals("{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\n", r.text());
        fake.failOn("load", EngineException.invalid("unexpected EOF"));
        r = api.request("POST", "/images/load?quiet=1", Map.of(), tar);
        assertEquals(200, r.status(), "quiet as well");
        assertEquals("{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\n", r.text());
    }

    @Test
    void load_withoutQuiet_streamsLoadingLayerBars_thenTheLines_andAnErrorAfterThemEndsTheStream() {
        fake.loadedLines = List.of("Loaded image: a:1");
        fake.loadProgress = List.of(new long[] {512, 1024}, new long[] {1024, 1024});
        byte[] tar = FakeImageBackend.utf8("docker archive bytes");
        String layer = "{\"status\":\"Loading layer\",\"id\":\"0123456789ab\",\"progress\":\"[";
        String bars = layer + "=".repeat(25) + ">" + " ".repeat(25) + "]     512B/1.024kB\",\"progressDetail\":"
                + "{\"current\":512,\"total\":1024}}\n"
                + layer + "=".repeat(50) + ">]  1.024kB/1.024kB\",\"progressDetail\":{\"current\":1024,\"total\":1024}}\n";
        Response r = api.request("POST", "/images/load", Map.of("Content-Type", "application/x-tar"), tar);
        assertEquals(200, r.status(), r.toString());
        assertEquals(bars + "{\"stream\":\"Loaded image: a:1\\n\"}\n", r.text());
        r = api.request("POST", "/images/load?quiet=1", Map.of("Content-Type", "application/x-tar"), tar);
        assertEquals("{\"stream\":\"Loaded image: a:1\\n\"}\n", r.text(), "quiet: no bars");
        fake.failOn("load", EngineException.invalid("unexpected EOF"));
        r = api.request("POST", "/images/load", Map.of(), tar);
        assertEquals(200, r.status(), "the answer had started");
        assertEquals(bars + "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\n",
                r.text());
    }

    @Test
    void save_namesPassedOn_tarStreamed_errorsBeforeTheStreamAreJson() {
        fake.jobBytes = FakeImageBackend.utf8("tar bytes");
        expectCalls(200,
                "GET /images/get?names=a:1&names=" + enc("org/b"), "prepareSave [a:1, org/b]",
                "GET /images/example.com/org/app:v1/get", "prepareSave [example.com/org/app:v1]");
        Response r = api.get("/images/get?names=a");
        assertEquals("application/x-tar", r.header("Content-Type"));
        assertEquals("tar bytes", r.text());
        r = api.get("/images/get");
        assertEquals(400, r.status());
        assertEquals("no images specified", r.message());
        fake.failOn("prepareSave", EngineException.notFound("No such image: nope:latest"));
        r = api.get("/images/nope/get");
        assertEquals(404, r.status());
        assertEquals("No such image: nope:latest", r.message());
    }

    /** A save that fails half-way ends without the last chunk: the client sees a truncated body, not a whole one. */
    @Test
    void save_failureMidStream_truncatesTheChunkedBody() throws Exception {
        fake.jobBytes = FakeImageBackend.utf8("partial tar");
        fake.jobFailsAfter = new IllegalStateException("layer vanished");
        try (RouterHarness.Exchange ex = api.open("GET", "/images/get?names=a", Map.of(), null)) {
            assertEquals(200, ex.status());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            IOException eof = assertThrows(IOException.class, () -> {
                byte[] b;
                while ((b = ex.nextChunk()) != null) {
                    got.writeBytes(b);
                }
            });
            assertTrue(eof.getMessage().startsWith("EOF inside a chunk"), eof.getMessage());
            assertEquals("partial tar", got.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void pull_queryAndAuthPassedOn_progressStreamed() {
        fake.jobBytes = FakeImageBackend.utf8("{\"status\":\"Pulling from library/busybox\"}\n"
                + "{\"status\":\"Status: Downloaded newer image for busybox:1\"}\n");
        Response r = api.request("POST", "/images/create?fromImage=" + enc("example.com/org/app") + "&tag=v1"
                + "&platform=linux/arm64", Map.of("X-Registry-Auth", AUTH), null);
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertArrayEquals(fake.jobBytes, r.body());
        assertEquals(List.of("preparePull example.com/org/app v1 linux/arm64 user=u"), fake.calls);
        expectCalls(200, "POST /images/create?fromImage=busybox&fromSrc=-", "preparePull busybox   user=");
    }

    @Test
    void pull_registryErrorBeforeTheStream_isJson_badAuthHeaderIs400() {
        fake.failOn("preparePull", EngineException.notFound("manifest for busybox:nope not found: manifest unknown"));
        Response r = api.post("/images/create?fromImage=busybox&tag=nope");
        assertEquals(404, r.status());
        assertEquals("manifest for busybox:nope not found: manifest unknown", r.message());
        r = api.request("POST", "/images/create?fromImage=busybox", Map.of("X-Registry-Auth", "!!!"), null);
        assertEquals(400, r.status());
        assertTrue(r.message().startsWith("invalid X-Registry-Auth header: "), r.message());
    }

    @Test
    void import_fromTheBody_repoTagMessageChangesPassedOn() {
        byte[] tar = FakeImageBackend.utf8("rootfs tar");
        Response r = api.request("POST", "/images/create?fromSrc=-&repo=org/app&tag=v2&message=hello"
                + "&changes=" + enc("CMD [\"sh\"]") + "&changes=" + enc("ENV A=b"), Map.of(), tar);
        assertEquals(200, r.status(), r.toString());
        assertEquals("{\"status\":\"" + FakeImageBackend.ID + "\"}\n", r.text());
        assertEquals(List.of("importImage - org/app v2 hello [CMD [\"sh\"], ENV A=b]"), fake.calls);
        assertArrayEquals(tar, fake.received.toByteArray());
        r = api.post("/images/create");
        assertEquals(400, r.status());
        assertEquals("either fromSrc or fromImage must be set", r.message());
        r = api.post("/images/create?fromSrc=" + enc("ftp://example.com/x.tar"));
        assertEquals(400, r.status());
        assertEquals("unsupported URL scheme: ftp", r.message());
    }

    @Test
    void push_nameTagAndAuthPassedOn_progressStreamed() {
        fake.jobBytes = FakeImageBackend.utf8("{\"status\":\"The push refers to repository [example.com/a]\"}\n");
        Response r = api.request("POST", "/images/example.com/org/app/push?tag=v1", Map.of("X-Registry-Auth", AUTH),
                null);
        assertEquals(200, r.status(), r.toString());
        assertArrayEquals(fake.jobBytes, r.body());
        assertEquals(List.of("preparePush example.com/org/app v1 user=u"), fake.calls);
        fake.failOn("preparePush", EngineException.notFound("An image does not exist locally with the tag: x"));
        r = api.post("/images/x/push");
        assertEquals(404, r.status());
        assertEquals("An image does not exist locally with the tag: x", r.message());
    }

    @Test
    void load_streamsLoadedLines_tag201_unknownInspect404() throws Exception {
        ImageService images = TestImages.open(root);
        Routes routes = new Routes();
        new ImageRouter(images).register(routes);
        byte[] cfg = ImageServiceTest.config("sh", ImageServiceTest.BASE);
        byte[] archive = ImageServiceTest.dockerArchive(cfg, List.of("busybox:latest"), ImageServiceTest.BASE);

        FakeResponse load = call(routes, "POST", "/images/load", Map.of(), Map.of("quiet", "1"), archive);
        assertEquals(200, load.status);
        assertEquals("{\"stream\":\"Loaded image: busybox:latest\\n\"}\n", load.body());

        FakeResponse tag = call(routes, "POST", "/images/busybox/tag", Map.of("name", "busybox"),
                Map.of("repo", "localhost:5000/x", "tag", "y"), new byte[0]);
        assertEquals(201, tag.status);
        assertEquals(Digest.sha256(cfg).toString(), images.resolve("localhost:5000/x:y"));

        EngineException e = assertThrows(EngineException.class, () -> call(routes, "GET", "/images/nope/json",
                Map.of("name", "nope"), Map.of(), new byte[0]));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("No such image: nope:latest", e.getMessage());
    }

    /**
     * An import by URL whose server stalls (its headers and a little of the body then nothing, or no answer at all)
     * is given up when the client goes: the handler, its thread and its spool stayed for good, as a build's did.
     */
    @Test
    void importByUrl_thatStalls_isGivenUpWhenTheClientGoes() throws Exception {
        ImageService images = TestImages.open(root);
        Routes routes = new Routes();
        new ImageRouter(images).register(routes);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (StallingHttpServer http = new StallingHttpServer()) {
            for (String path : List.of("/body", "/head")) {
                String url = http.url(path + "/rootfs.tar");
                FakeResponse res = new FakeResponse();
                java.util.concurrent.Future<?> imp = pool.submit(() -> call(routes, res, "POST", "/images/create",
                        Map.of(), Map.of("fromSrc", url, "repo", "stalled"), new byte[0]));
                assertTrue(http.awaitStalled(1), path + " reached");
                res.closed.complete(null); // the client goes
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> imp.get(30, java.util.concurrent.TimeUnit.SECONDS), path);
                assertTrue(e.getCause() instanceof EngineException || e.getCause() instanceof IOException,
                        path + ": " + e.getCause());
                assertTrue(res.longRunning, path + " counts as a long handler");
                assertEquals(0, res.status, path + ": nothing answered");
            }
            assertThrows(EngineException.class, () -> images.resolve("stalled:latest"), "nothing imported");
        } finally {
            pool.shutdownNow();
        }
    }

    private static FakeResponse call(Routes routes, String method, String path, Map<String, String> params,
            Map<String, String> query, byte[] body) throws Exception {
        return call(routes, new FakeResponse(), method, path, params, query, body);
    }

    private static FakeResponse call(Routes routes, FakeResponse res, String method, String path,
            Map<String, String> params, Map<String, String> query, byte[] body) throws Exception {
        Routes.Match m = routes.match(method, path);
        m.handler().handle(new FakeRequest(method, path, m.params(), query, body), res);
        return res;
    }

    private record FakeRequest(String method, String path, Map<String, String> params, Map<String, String> q,
            byte[] bytes) implements ApiRequest {
        @Override
        public ApiVersion version() {
            return ApiVersion.MAX;
        }

        @Override
        public String param(String name) {
            return params.get(name);
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.ofNullable(q.get(name));
        }

        @Override
        public List<String> queryAll(String name) {
            return q.containsKey(name) ? List.of(q.get(name)) : List.of();
        }

        @Override
        public boolean queryBool(String name, boolean def) {
            String v = q.get(name);
            return v == null ? def : v.equals("1") || v.equalsIgnoreCase("true");
        }

        @Override
        public long queryLong(String name, long def) {
            return q.containsKey(name) ? Long.parseLong(q.get(name)) : def;
        }

        @Override
        public Filters filters() {
            return Filters.parse(q.get("filters"));
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public <T> T json(Class<T> type) {
            throw new UnsupportedOperationException("json not faked");
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private static final class FakeResponse implements ApiResponse {
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        boolean aborted;
        boolean longRunning;
        int status;
        Object json;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public ApiResponse header(String name, String value) {
            return this;
        }

        @Override
        public void json(int s, Object value) {
            status = s;
            json = value;
        }

        @Override
        public void bytes(int s, String contentType, byte[] body) {
            status = s;
            out.writeBytes(body);
        }

        @Override
        public void status(int s) {
            status = s;
        }

        @Override
        public OutputStream stream(int s, String contentType) {
            status = s;
            return out;
        }

        @Override
        public HijackedConnection hijack(boolean upgrade, String contentType) {
            throw new UnsupportedOperationException("hijack not faked");
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public boolean isCommitted() {
            return status != 0;
        }

        @Override
        public void longRunning() {
            longRunning = true;
        }

        @Override
        public CompletableFuture<Void> closeFuture() {
            return closed;
        }
    }
}
