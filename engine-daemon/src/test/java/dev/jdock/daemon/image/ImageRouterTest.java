package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRouterTest {
    @TempDir
    Path root;

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

    private static FakeResponse call(Routes routes, String method, String path, Map<String, String> params,
            Map<String, String> query, byte[] body) throws Exception {
        Routes.Match m = routes.match(method, path);
        FakeResponse res = new FakeResponse();
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
        boolean aborted;
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
        public CompletableFuture<Void> closeFuture() {
            return new CompletableFuture<>();
        }
    }
}
