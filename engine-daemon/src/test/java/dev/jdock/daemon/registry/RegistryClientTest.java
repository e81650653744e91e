package dev.jdock.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RegistryClientTest {
    private static final byte[] BLOB = "layer-bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest BLOB_DIGEST = Digest.sha256(BLOB);

    private static RegistryService service() {
        return new RegistryService(new RegistryConfig(List.of(), List.of(), List.of()),
                dev.jdock.daemon.metrics.Metrics.none());
    }

    private static ImageReference ref(TestRegistryServer s, String path) {
        return ImageReference.parse(s.authority() + "/" + path);
    }

    /** Serves /v2/x/blobs/<BLOB> only with "Bearer tok-N" (N from the token server), else 401 with a challenge. */
    private static TestRegistryServer bearerRegistry(AtomicReference<TestRegistryServer> self) throws IOException {
        int[] issued = {0};
        TestRegistryServer s = new TestRegistryServer(req -> {
            int port = self.get().port();
            if (req.path().equals("/token")) {
                issued[0]++;
                return TestRegistryServer.Response.of(200, "{\"token\":\"tok-" + issued[0] + "\",\"expires_in\":300}");
            }
            String auth = req.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer tok-")) {
                return TestRegistryServer.Response.of(401,
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}",
                        "WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + port
                                + "/token\",service=\"test-registry\",scope=\"repository:x:pull\"");
            }
            return TestRegistryServer.Response.of(200, BLOB);
        });
        self.set(s);
        return s;
    }

    @Test
    void pullBlob_bearerChallenge_fetchesTokenWithScopeAndReusesIt() throws Exception {
        AtomicReference<TestRegistryServer> self = new AtomicReference<>();
        try (TestRegistryServer s = bearerRegistry(self)) {
            RegistryService svc = service();
            AuthConfig creds = AuthConfig.basic("u", "p");
            Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, BLOB.length, BLOB_DIGEST);
            byte[] got = svc.client(ref(s, "x"), creds, false, null).pullSmallBlob(d, 1024);
            assertArrayEquals(BLOB, got);
            TestRegistryServer.Request tokenReq = s.requests().stream().filter(r -> r.path().equals("/token"))
                    .findFirst().orElseThrow();
            assertTrue(tokenReq.target().contains("scope=repository%3Ax%3Apull"), tokenReq.target());
            assertTrue(tokenReq.target().contains("service=test-registry"), tokenReq.target());
            assertEquals("Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)),
                    tokenReq.header("Authorization"));
            // a second client of the same identity and scope reuses the token: no new 401, no new token request
            svc.client(ref(s, "x"), creds, false, null).pullSmallBlob(d, 1024);
            assertEquals(1, s.count("GET", "/token"));
            assertEquals(3, s.count("GET", "/v2/x/blobs/"));
        }
    }

    @Test
    void pullBlob_tokenServerRefuses_isUnauthorizedWithItsMessage() throws Exception {
        TestRegistryServer[] ref = new TestRegistryServer[1];
        try (TestRegistryServer s = new TestRegistryServer(req -> req.path().equals("/token")
                ? TestRegistryServer.Response.of(401, "{\"details\":\"incorrect username or password\"}")
                : TestRegistryServer.Response.of(401, "", "WWW-Authenticate",
                        "Bearer realm=\"http://127.0.0.1:" + ref[0].port() + "/token\",service=\"r\""))) {
            ref[0] = s;
            RegistryClient c = service().client(ref(s, "x"), AuthConfig.basic("u", "bad"),
                    false, null);
            EngineException e = assertThrows(EngineException.class, () -> c.checkBlob(BLOB_DIGEST));
            assertEquals(ErrorKind.UNAUTHORIZED, e.kind());
            assertTrue(e.getMessage().contains("incorrect username or password"), e.getMessage());
        }
    }

    @Test
    void basicChallenge_retriesWithCredentials() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        try (TestRegistryServer s = new TestRegistryServer(req -> basic.equals(req.header("Authorization"))
                ? TestRegistryServer.Response.of(200, "", "Content-Length", "11")
                : TestRegistryServer.Response.of(401, "", "WWW-Authenticate", "Basic realm=\"r\""))) {
            Optional<Long> size = service().client(ref(s, "x"), AuthConfig.basic("u", "p"),
                    false, null).checkBlob(BLOB_DIGEST);
            assertEquals(Optional.of(11L), size);
        }
    }

    @Test
    void pullBlob_redirectToOtherHost_dropsCredentials() throws Exception {
        TestRegistryServer[] ref = new TestRegistryServer[1];
        String basic = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        try (TestRegistryServer s = new TestRegistryServer(req -> {
            if (req.path().startsWith("/storage/")) {
                return TestRegistryServer.Response.of(200, BLOB);
            }
            if (!basic.equals(req.header("Authorization"))) {
                return TestRegistryServer.Response.of(401, "", "WWW-Authenticate", "Basic realm=\"r\"");
            }
            return TestRegistryServer.Response.of(307, "", "Location",
                    "http://localhost:" + ref[0].port() + "/storage/blob?sig=1");
        })) {
            ref[0] = s;
            Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, BLOB.length, BLOB_DIGEST);
            byte[] got = service().client(ref(s, "x"), AuthConfig.basic("u", "p"), false, null)
                    .pullSmallBlob(d, 1024);
            assertArrayEquals(BLOB, got);
            TestRegistryServer.Request storage = s.requests().stream()
                    .filter(r -> r.path().startsWith("/storage/")).findFirst().orElseThrow();
            assertNull(storage.header("Authorization"), "credentials must not follow a redirect to storage");
        }
    }

    @Test
    void pullBlob_wrongContent_isRefused() throws Exception {
        try (TestRegistryServer s = new TestRegistryServer(req -> TestRegistryServer.Response.of(200, "layer-bytez"))) {
            Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, BLOB.length, BLOB_DIGEST);
            RegistryClient c = service().client(ref(s, "x"), AuthConfig.ANONYMOUS, false, null);
            EngineException e = assertThrows(EngineException.class, () -> c.pullSmallBlob(d, 1024));
            assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        }
    }

    @Test
    void pullManifest_unknown_isNotFoundWithRegistryMessage() throws Exception {
        try (TestRegistryServer s = new TestRegistryServer(req -> TestRegistryServer.Response.of(404,
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}"))) {
            RegistryClient c = service().client(ref(s, "x"), AuthConfig.ANONYMOUS, false, null);
            EngineException e = assertThrows(EngineException.class, () -> c.pullManifest("nope"));
            assertEquals(ErrorKind.NOT_FOUND, e.kind());
            assertEquals("manifest unknown: manifest unknown", e.getMessage());
        }
    }

    @Test
    void pullManifest_byDigest_refusesOtherBytes() throws Exception {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}";
        try (TestRegistryServer s = new TestRegistryServer(req -> TestRegistryServer.Response.of(200, body))) {
            RegistryClient c = service().client(ref(s, "x"), AuthConfig.ANONYMOUS, false, null);
            assertThrows(EngineException.class, () -> c.pullManifest(BLOB_DIGEST.toString()));
            Manifest.Fetched ok = c.pullManifest(Digest.sha256(body.getBytes(StandardCharsets.UTF_8)).toString());
            assertEquals(MediaTypes.OCI_MANIFEST, ok.mediaType());
        }
    }

    @Test
    void pushBlob_largeBlob_patchThenPutWithDigest() throws Exception {
        byte[] big = new byte[(int) RegistryClient.MONOLITHIC_MAX + 10];
        Digest digest = Digest.sha256(big);
        try (TestRegistryServer s = new TestRegistryServer(req -> switch (req.method()) {
            case "POST" -> TestRegistryServer.Response.of(202, "", "Location", "/v2/x/blobs/uploads/u1?_state=a");
            case "PATCH" -> TestRegistryServer.Response.of(202, "", "Location", "/v2/x/blobs/uploads/u1?_state=b");
            default -> TestRegistryServer.Response.of(201, "", "Location", "/v2/x/blobs/" + digest);
        })) {
            long[] seen = {0};
            service().client(ref(s, "x"), AuthConfig.ANONYMOUS, true, null)
                    .pushBlob(digest, big.length, () -> new java.io.ByteArrayInputStream(big), n -> seen[0] = n);
            TestRegistryServer.Request patch = s.requests().stream().filter(r -> r.method().equals("PATCH"))
                    .findFirst().orElseThrow();
            assertEquals(big.length, patch.body().length);
            TestRegistryServer.Request put = s.requests().stream().filter(r -> r.method().equals("PUT"))
                    .findFirst().orElseThrow();
            assertEquals("/v2/x/blobs/uploads/u1?_state=b&digest=" + digest, put.target());
            assertEquals(big.length, seen[0]);
        }
    }

    @Test
    void authConfig_acceptsEmptyNullAndBraces() {
        assertTrue(RegistryAuth.fromHeader(null).isAnonymous());
        assertTrue(RegistryAuth.fromHeader("").isAnonymous());
        assertTrue(RegistryAuth.fromHeader("e30=").isAnonymous());
        assertTrue(RegistryAuth.fromHeader("bnVsbA==").isAnonymous());
        AuthConfig a = RegistryAuth.fromHeader(Base64.getUrlEncoder().encodeToString(
                "{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"r:5000\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("u", a.username());
        assertEquals("r:5000", a.serverAddress());
    }

    @Test
    void challenge_parsesQuotedParameters() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull\"").orElseThrow();
        assertTrue(c.isBearer());
        assertEquals("https://auth.docker.io/token", c.param("realm"));
        assertEquals("repository:library/busybox:pull", c.param("scope"));
    }
}
