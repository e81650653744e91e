package dev.jdock.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegistryAuth}: the {@code X-Registry-Auth} header and {@code POST /auth} body as clients send them. */
class RegistryAuthTest {
    /** docker CLI 28.2.2 after {@code docker login -u jtrace}: base64url without padding. */
    private static final String CLI_HEADER = "eyJ1c2VybmFtZSI6Imp0cmFjZSIsInBhc3N3b3JkIjoic2VjcmV0Iiwic2VydmVyYWRkcmVz"
            + "cyI6IjEyNy4wLjAuMTo0NzIxMCJ9";
    /** docker-py 7.1.0 {@code pull(..., auth_config={'username': 'jtrace', 'password': 'secret'})}: padded. */
    private static final String PY_HEADER = "eyJ1c2VybmFtZSI6ICJqdHJhY2UiLCAicGFzc3dvcmQiOiAic2VjcmV0In0=";

    @TempDir
    Path dir;

    @Test
    void recordedHeaders_decode() {
        assertEquals(new AuthConfig("jtrace", "secret", null, null, "127.0.0.1:47210", null, null),
                RegistryAuth.fromHeader(CLI_HEADER));
        assertEquals(AuthConfig.basic("jtrace", "secret"), RegistryAuth.fromHeader(PY_HEADER));
    }

    @Test
    void undecodableHeaderOrJson_is400() {
        EngineException notBase64 = assertThrows(EngineException.class, () -> RegistryAuth.fromHeader("!!!"));
        assertEquals(ErrorKind.INVALID_PARAMETER, notBase64.kind());
        assertTrue(notBase64.getMessage().startsWith("invalid X-Registry-Auth header: "), notBase64.getMessage());
        EngineException notJson = assertThrows(EngineException.class, () -> RegistryAuth.fromJson(bytes("{\"u")));
        assertEquals(ErrorKind.INVALID_PARAMETER, notJson.kind());
        assertTrue(notJson.getMessage().startsWith("invalid X-Registry-Auth header: "), notJson.getMessage());
    }

    @Test
    void basicHeaderAndIdentity_neverThePasswordInClear() {
        AuthConfig a = AuthConfig.basic("jtrace", "secret");
        assertEquals("Basic anRyYWNlOnNlY3JldA==", RegistryAuth.basicHeader(a));
        String id = RegistryAuth.identity(a);
        assertTrue(id.startsWith("jtrace:") && !id.contains("secret"), id);
        assertEquals("", RegistryAuth.identity(AuthConfig.ANONYMOUS));
    }

    @Test
    void postAuth_withoutCredentials_is400_undecodable_is400() throws Exception {
        try (RouterHarness api = RouterHarness.serve(dir, new AuthRouter(
                new RegistryService(new RegistryConfig(List.of(), List.of(), List.of()),
                        dev.jdock.daemon.metrics.Metrics.none())))) {
            for (String body : new String[] {"", "null", "{}", "{\"serveraddress\":\"r:5000\"}",
                    "{\"username\":\"u\",\"serveraddress\":\"r:5000\"}"}) {
                Response r = api.request("POST", "/auth", Map.of("Content-Type", "application/json"), bytes(body));
                assertEquals(400, r.status(), body);
                assertEquals("username and password are required", r.message(), body);
            }
            Response bad = api.request("POST", "/auth", Map.of("Content-Type", "application/json"), bytes("{\"u"));
            assertEquals(400, bad.status());
            assertTrue(bad.message().startsWith("invalid X-Registry-Auth header: "), bad.message());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
