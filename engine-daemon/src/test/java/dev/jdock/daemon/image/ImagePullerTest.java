package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.TestTars;
import dev.jdock.daemon.registry.MediaTypes;
import dev.jdock.daemon.registry.RegistryConfig;
import dev.jdock.daemon.registry.RegistryContent;
import dev.jdock.daemon.registry.RegistryService;
import dev.jdock.daemon.registry.TestRegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePullerTest {
    private static final ApiVersion V = new ApiVersion(1, 47);

    @TempDir
    Path root;

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private static String desc(String type, byte[] bytes) {
        return "{\"mediaType\":\"" + type + "\",\"size\":" + bytes.length + ",\"digest\":\""
                + Digest.sha256(bytes) + "\"}";
    }

    private ImageService service() {
        return service(dev.jdock.daemon.metrics.Metrics.none());
    }

    private ImageService service(dev.jdock.daemon.registry.PullMetrics metrics) {
        return TestImages.open(root, id -> List.of(),
                new RegistryService(new RegistryConfig(List.of(), List.of(), List.of()), metrics));
    }

    /** What pulls report: the blob bytes received and each successful pull's time. */
    private static final class RecordingPulls implements dev.jdock.daemon.registry.PullMetrics {
        final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        final List<Long> pulls = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void bytes(long n) {
            bytes.addAndGet(n);
        }

        @Override
        public void pulled(long nanos) {
            pulls.add(nanos);
        }
    }

    /** Two layers (gzip and plain), a config, a schema2 manifest under tag "1"; returns the manifest digest. */
    private static String image(RegistryContent reg, String manifestType, String layerType, boolean corruptTop)
            throws IOException {
        byte[] base = new TestTars().dir("etc").file("etc/passwd", "root:x:0:0").build();
        byte[] top = new TestTars().file("hello", "hi").build();
        byte[] baseGz = gzip(base);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(base) + "\",\""
                + Digest.sha256(top) + "\"]}}";
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        reg.add(baseGz);
        String topDigest = reg.add(top);
        if (corruptTop) {
            byte[] bad = top.clone();
            bad[bad.length - 600] ^= 1;
            reg.bodies.put("blobs/" + topDigest, bad);
        }
        reg.add(cfg);
        String configType = manifestType.equals(MediaTypes.OCI_MANIFEST) ? MediaTypes.OCI_CONFIG
                : MediaTypes.DOCKER_CONFIG;
        return reg.manifest("1", manifestType, "{\"schemaVersion\":2,\"mediaType\":\"" + manifestType
                + "\",\"config\":" + desc(configType, cfg) + ",\"layers\":[" + desc(layerType, baseGz) + ","
                + desc(MediaTypes.OCI_LAYER, top) + "]}");
    }

    private static String pull(ImageService s, String name, String tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.preparePull(name, tag, "", AuthConfig.ANONYMOUS).run(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reference_badNameOrTag_isInvalidParameterNameFirst() {
        assertEquals("docker.io/library/busybox:1", ImagePuller.reference("busybox", "1").toString());
        assertEquals("docker.io/library/busybox@sha256:" + "a".repeat(64),
                ImagePuller.reference("busybox", "sha256:" + "a".repeat(64)).toString());
        for (String[] c : new String[][] {{"busybox", "a:b", "invalid tag format"},
                {"busybox", "x".repeat(200), "invalid tag format"},
                {"busybox@sha256:abc", "", "invalid reference format"},
                {"BUSY:box:x", "a:b", "invalid reference format: repository name (library/BUSY) must be lowercase"}}) {
            EngineException e = assertThrows(EngineException.class, () -> ImagePuller.reference(c[0], c[1]));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertEquals(c[2], e.getMessage());
        }
    }

    @Test
    void pull_schema2_storesImageWithTagAndRepoDigest() throws Exception {
        RegistryContent reg = new RegistryContent();
        String digest = image(reg, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, false);
        try (TestRegistryServer s = new TestRegistryServer(reg::answer)) {
            ImageService svc = service();
            String stream = pull(svc, s.authority() + "/app", "1");
            assertTrue(stream.contains("\"status\":\"Pulling fs layer\""), stream);
            assertTrue(stream.contains("\"status\":\"Pull complete\""), stream);
            assertTrue(stream.contains("Digest: " + digest), stream);
            assertTrue(stream.contains("Status: Downloaded newer image for " + s.authority() + "/app:1"), stream);
            ImageInspect img = svc.inspect(s.authority() + "/app:1", V);
            assertEquals(List.of(s.authority() + "/app@" + digest), img.repoDigests());
            String again = pull(svc, s.authority() + "/app", "1");
            assertTrue(again.contains("Already exists"), again);
            assertTrue(again.contains("Status: Image is up to date"), again);
        }
    }

    /** A push sends its layers side by side (dockerd's max-concurrent-uploads), then the manifest naming them. */
    @Test
    void push_uploadsLayersConcurrently_thenTheManifest() throws Exception {
        RegistryContent reg = new RegistryContent();
        image(reg, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, false);
        java.util.concurrent.atomic.AtomicInteger inflight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxInflight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();
        List<String> manifests = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Function<TestRegistryServer.Request, TestRegistryServer.Response> target = r -> {
            String path = r.path();
            if (r.method().equals("HEAD")) {
                return TestRegistryServer.Response.of(404, "");
            }
            if (r.method().equals("POST") && path.endsWith("/blobs/uploads/")) {
                return TestRegistryServer.Response.of(202, "", "Location",
                        path + "u" + uploads.incrementAndGet(), "Docker-Upload-UUID", "u");
            }
            if ((r.method().equals("PATCH") || r.method().equals("PUT")) && path.contains("/blobs/uploads/")) {
                if (r.body().length > 100) { // a layer's bytes (the config is pushed alone, after the layers)
                    maxInflight.accumulateAndGet(inflight.incrementAndGet(), Math::max);
                    both.countDown();
                    try {
                        both.await(3, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inflight.decrementAndGet();
                }
                return r.method().equals("PATCH")
                        ? TestRegistryServer.Response.of(202, "", "Location", path, "Range", "0-0")
                        : TestRegistryServer.Response.of(201, "");
            }
            if (r.method().equals("PUT") && path.contains("/manifests/")) {
                manifests.add(new String(r.body(), StandardCharsets.UTF_8));
                return TestRegistryServer.Response.of(201, "", "Docker-Content-Digest",
                        Digest.sha256(r.body()).toString());
            }
            return TestRegistryServer.Response.of(404, "{\"errors\":[{\"code\":\"UNKNOWN\"}]}");
        };
        try (TestRegistryServer src = new TestRegistryServer(reg::answer);
                TestRegistryServer dst = new TestRegistryServer(target)) {
            ImageService svc = service();
            pull(svc, src.authority() + "/app", "1");
            svc.tag(src.authority() + "/app:1", dst.authority() + "/copy", "1");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            svc.preparePush(dst.authority() + "/copy", "1", AuthConfig.ANONYMOUS).run(out);
            String stream = out.toString(StandardCharsets.UTF_8);
            assertTrue(stream.contains("\"status\":\"Pushed\""), stream);
            assertEquals(2, maxInflight.get(), "both layers uploaded at once: " + stream);
            assertEquals(1, manifests.size());
            assertEquals(2, manifests.get(0).split("diff.tar.gzip", -1).length - 1, "two layers: " + manifests.get(0));
        }
    }

    @Test
    void pull_ociIndex_selectsTheHostPlatform() throws Exception {
        RegistryContent reg = new RegistryContent();
        String amd = image(reg, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_LAYER_GZIP, false);
        byte[] amdBytes = reg.bodies.get("manifests/" + amd);
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"size\":10,\"digest\":\"sha256:"
                + "0".repeat(64) + "\",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"size\":" + amdBytes.length + ",\"digest\":\""
                + amd + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        String indexDigest = reg.manifest("multi", MediaTypes.OCI_INDEX, index);
        try (TestRegistryServer s = new TestRegistryServer(reg::answer)) {
            ImageService svc = service();
            String stream = pull(svc, s.authority() + "/app", "multi");
            assertTrue(stream.contains("Digest: " + indexDigest), stream);
            assertEquals("amd64", svc.inspect(s.authority() + "/app:multi", V).architecture());
            assertTrue(s.requests().stream().noneMatch(r -> r.path().contains("0000000000")),
                    "the arm64 manifest is never fetched");
            EngineException e = assertThrows(EngineException.class,
                    () -> svc.preparePull(s.authority() + "/app", "multi", "linux/s390x", AuthConfig.ANONYMOUS));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
        }
    }

    @Test
    void pull_reportsEveryBlobByte_andItsTime_onlyWhenItSucceeded() throws Exception {
        RegistryContent reg = new RegistryContent();
        image(reg, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, false);
        long blobBytes = reg.bodies.entrySet().stream().filter(e -> e.getKey().startsWith("blobs/"))
                .mapToLong(e -> e.getValue().length).sum();
        RecordingPulls metrics = new RecordingPulls();
        ImageService svc = service(metrics);
        try (TestRegistryServer s = new TestRegistryServer(reg::answer)) {
            pull(svc, s.authority() + "/app", "1");
        }
        assertEquals(blobBytes, metrics.bytes.get(), "the config and both layers");
        assertEquals(1, metrics.pulls.size());
        assertTrue(metrics.pulls.get(0) > 0, "duration " + metrics.pulls);
        RegistryContent corrupt = new RegistryContent();
        image(corrupt, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, true);
        ImageService fresh = TestImages.open(root.resolve("fresh"), id -> List.of(),
                new RegistryService(new RegistryConfig(List.of(), List.of(), List.of()), metrics));
        try (TestRegistryServer s = new TestRegistryServer(corrupt::answer)) {
            String stream = pull(fresh, s.authority() + "/bad", "1");
            assertTrue(stream.contains("digest mismatch"), stream);
        }
        assertEquals(1, metrics.pulls.size(), "a failed pull reports no time");
    }

    @Test
    void pull_corruptedLayer_isRefusedAndNothingStored() throws Exception {
        RegistryContent reg = new RegistryContent();
        image(reg, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, true);
        try (TestRegistryServer s = new TestRegistryServer(reg::answer)) {
            ImageService svc = service();
            String stream = pull(svc, s.authority() + "/app", "1");
            assertTrue(stream.contains("\"error\""), stream);
            assertTrue(stream.contains("digest mismatch"), stream);
            assertEquals(0, svc.count(), "no image may be stored");
            assertThrows(EngineException.class, () -> svc.resolve(s.authority() + "/app:1"));
            try (Stream<Path> left = Files.list(root.resolve("overlay"))) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("new-")), "no partial layer");
            }
            try (Stream<Path> ingests = Files.list(root.resolve("content").resolve("ingest"))) {
                assertEquals(0, ingests.count(), "no partial blob");
            }
        }
    }

    @Test
    void pull_missingManifest_is404BeforeStreaming() throws Exception {
        try (TestRegistryServer s = new TestRegistryServer(new RegistryContent()::answer)) {
            EngineException e = assertThrows(EngineException.class,
                    () -> service().preparePull(s.authority() + "/app", "nope", "", AuthConfig.ANONYMOUS));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
            assertEquals("manifest for " + s.authority() + "/app:nope not found: manifest unknown: manifest unknown",
                    e.getMessage());
        }
    }
}
