package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.api.RouterHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /build's query as moby reads it, and its refusals, against a backend that records what it was given. */
class BuildRouterTest {
    @TempDir
    Path dir;
    private RouterHarness api;
    private BuildOptions seen;
    private byte[] body;

    @BeforeEach
    void start() throws Exception {
        BuildBackend backend = new BuildBackend() {
            @Override
            public void build(BuildOptions options, InputStream context, BuildOutput out,
                    CompletableFuture<Void> cancel) {
                seen = options;
                try {
                    body = context.readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out.built("sha256:" + "a".repeat(64), List.of());
            }

            @Override
            public StepCache cache() {
                return new StepCache(dir.resolve("cache"));
            }
        };
        cache = new StepCache(dir.resolve("cache"));
        cache.load();
        api = RouterHarness.serve(dir, new BuildRouter(backend, new BuildCachePruner(cache,
                new BuildCachePruner.ImageRemoval() {
                    @Override
                    public long removeIfUnused(String imageId) {
                        return 0;
                    }

                    @Override
                    public long ownSize(String imageId) {
                        return 0;
                    }
                }, new CacheMounts(dir.resolve("mounts")))));
    }

    private StepCache cache;

    @AfterEach
    void stop() {
        api.close();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void query_asTheDockerCliSendsIt() {
        RouterHarness.Response r = api.request("POST", "/v1.47/build?t=a%2Fb%3A1&t=c&dockerfile=sub%2FDf"
                + "&buildargs=" + q("{\"X\":\"1\",\"Y\":null}") + "&labels=" + q("{\"l\":\"v\"}")
                + "&target=t&nocache=1&pull=1&rm=0&forcerm=1&q=1&networkmode=host&platform=linux%2Famd64"
                + "&cachefrom=" + q("[\"img:1\"]") + "&extrahosts=h%3A1.2.3.4&shmsize=1024&memory=2048"
                + "&ulimits=" + q("[{\"Name\":\"nofile\",\"Soft\":10,\"Hard\":20}]") + "&version=1",
                Map.of("X-Registry-Config", "e30="), "ctx".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.text());
        assertEquals(List.of("docker.io/a/b:1", "docker.io/library/c:latest"),
                seen.tags().stream().map(Object::toString).toList());
        assertEquals("sub/Df", seen.dockerfile());
        assertEquals("1", seen.buildArgs().get("X"));
        assertTrue(seen.buildArgs().containsKey("Y") && seen.buildArgs().get("Y") == null);
        assertEquals(Map.of("l", "v"), seen.labels());
        assertTrue(seen.noCache() && seen.pull() && seen.forceRemove() && seen.remove() && seen.quiet(),
                "forcerm implies rm");
        assertEquals("host", seen.networkMode());
        assertEquals(List.of("img:1"), seen.cacheFrom());
        assertEquals(List.of("h:1.2.3.4"), seen.extraHosts());
        assertEquals(1024, seen.resources().shmSize());
        assertEquals(20, seen.resources().ulimits().get(0).hard());
        assertEquals("e30=", seen.registryConfig());
        assertEquals("ctx", new String(body, StandardCharsets.UTF_8));
        assertTrue(r.text().contains("sha256:" + "a".repeat(64)), r.text());
    }

    @Test
    void defaults_rmOnAndDockerfileNamedDockerfile() {
        api.request("POST", "/build", Map.of(), new byte[0]);
        assertTrue(seen.remove());
        assertEquals("Dockerfile", seen.dockerfile());
        assertEquals("default", seen.networkMode());
    }

    @Test
    void refusals_asMoby() {
        seen = null;
        assertEquals("buildkit not supported by daemon: jdockd serves the classic builder (DOCKER_BUILDKIT=0)",
                api.post("/build?version=2").message());
        assertEquals("squash is only supported with experimental mode", api.post("/build?squash=1").message());
        RouterHarness.Response iso = api.post("/build?isolation=hyperv");
        assertEquals(400, iso.status());
        assertEquals("Unsupported isolation: \"hyperv\"", iso.message());
        assertEquals(400, api.post("/build?buildargs=" + q("{bad")).status());
        assertEquals(400, api.post("/build?t=" + q("Bad:Tag")).status());
        assertEquals(400, api.post("/build?t=" + q("a@sha256:" + "b".repeat(64))).status());
        assertEquals(400, api.post("/build?remote=" + q("git://example.com/x.git")).status());
        RouterHarness.Response sec = api.post("/build?securityopt=" + q("seccomp=unconfined"));
        assertEquals(400, sec.status());
        assertEquals("The daemon on this platform does not support setting security options on build", sec.message());
        assertNull(seen, "nothing reached the builder");
    }

    @Test
    void prune_checksFiltersAsMoby() {
        assertEquals("{\"CachesDeleted\":null,\"SpaceReclaimed\":0}", api.post("/build/prune").text().trim());
        RouterHarness.Response bad = api.post("/build/prune?filters=" + q("{\"x\":{\"1\":true}}"));
        assertEquals(400, bad.status());
        assertTrue(bad.message().startsWith("failed to prune build cache: "), bad.message());
    }

    @Test
    void prune_aLabelFilterMatchesNoEntry_labelNotMatchesAll() {
        cache.put("k1", "sha256:" + "1".repeat(64), null, "RUN a");
        cache.put("k2", "sha256:" + "2".repeat(64), null, "RUN b");
        String label = api.post("/build/prune?all=1&filters=" + q("{\"label\":{\"e2e=x\":true}}")).text();
        assertEquals("{\"CachesDeleted\":null,\"SpaceReclaimed\":0}", label.trim(), "entries carry no labels");
        assertEquals(2, cache.all().size());
        String not = api.post("/build/prune?all=1&filters=" + q("{\"label!\":{\"e2e=x\":true}}")).text();
        assertTrue(not.contains("k1") && not.contains("k2"), not);
        assertEquals(0, cache.all().size());
    }

    @Test
    void registryConfig_givesTheCredentialsOfTheImagesRegistry() {
        String json = "{\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"p\"},"
                + "\"localhost:5000\":{\"username\":\"local\",\"password\":\"q\"}}";
        String header = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        AuthConfig hub = DaemonImages.auth(header, "docker.io");
        assertEquals("hub", hub.username());
        assertEquals("local", DaemonImages.auth(header, "localhost:5000").username());
        assertTrue(DaemonImages.auth(header, "example.com").isAnonymous());
        assertTrue(DaemonImages.auth("bnVsbA==", "docker.io").isAnonymous(), "the CLI 20.10 sent null");
    }
}
