package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link TestRegistryServer} serves: blobs and manifests from memory (path under {@code /v2/<name>/} →
 * bytes and content type), a registry's 404 for anything else. Tests add what their pulls need.
 */
public class RegistryContent {
    public final Map<String, byte[]> bodies = new HashMap<>();
    public final Map<String, String> types = new HashMap<>();

    /** A blob; returns its digest. */
    public String add(byte[] bytes) {
        String d = Digest.sha256(bytes).toString();
        bodies.put("blobs/" + d, bytes);
        return d;
    }

    /** A manifest under {@code tag} and its digest; returns the digest. */
    public String manifest(String tag, String mediaType, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        String d = Digest.sha256(b).toString();
        for (String key : new String[] {tag, d}) {
            bodies.put("manifests/" + key, b);
            types.put("manifests/" + key, mediaType);
        }
        return d;
    }

    public TestRegistryServer.Response answer(TestRegistryServer.Request r) {
        String key = r.path().replaceFirst("^/v2/[^/]+/", "");
        byte[] body = bodies.get(key);
        if (body == null) {
            return TestRegistryServer.Response.of(404,
                    "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
        }
        return TestRegistryServer.Response.of(200, body, "Content-Type",
                types.getOrDefault(key, "application/octet-stream"));
    }
}
