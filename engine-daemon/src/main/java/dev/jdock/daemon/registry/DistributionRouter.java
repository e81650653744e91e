package dev.jdock.daemon.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.api.types.image.DistributionInspect;
import dev.jdock.api.types.image.OciDescriptor;
import dev.jdock.api.types.image.OciPlatform;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /distribution/{name}/json}: the registry's manifest for a reference, as moby answers it: its descriptor
 * (media type, digest, size) and the platforms it serves (an index's entries, or an image manifest's config).
 * Registry errors keep their status and wording (404 {@code manifest unknown: manifest unknown}).
 */
public final class DistributionRouter implements Router {
    private static final Pattern FULL_ID = Pattern.compile("^(sha256:)?[a-f0-9]{64}$");
    private static final int MAX_CONFIG = 8 * 1024 * 1024;

    private final RegistryService registries;

    public DistributionRouter(RegistryService registries) {
        this.registries = registries;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/distribution/{name:.*}/json", this::inspect);
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        res.json(200, inspect(req.param("name"), RegistryAuth.fromHeader(req.header("X-Registry-Auth").orElse(null))));
    }

    DistributionInspect inspect(String name, AuthConfig auth) {
        if (FULL_ID.matcher(name).matches()) {
            throw EngineException.system("no manifest found for full image ID", null);
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        RegistryClient client = registries.client(ref, auth, false, null);
        Manifest.Fetched m = client.pullManifest(ref.digest() != null ? ref.digest() : ref.tag());
        OciDescriptor d = new OciDescriptor(m.mediaType(), m.bytes().length, m.digest().toString());
        return new DistributionInspect(d, m.isIndex() ? indexPlatforms(m.bytes()) : configPlatform(client, m.doc()));
    }

    private static List<OciPlatform> indexPlatforms(byte[] bytes) {
        List<OciPlatform> out = new ArrayList<>();
        try {
            for (Entry e : Json.mapper().readValue(bytes, Index.class).manifests()) {
                out.add(e.platform() == null ? new OciPlatform("", "", null, null, null) : e.platform());
            }
        } catch (IOException | RuntimeException e) {
            throw EngineException.invalid("invalid manifest: " + e.getMessage());
        }
        return out;
    }

    /** moby reads the config blob and lists its platform when it names an OS or an architecture. */
    private static List<OciPlatform> configPlatform(RegistryClient client, Manifest doc) {
        if (doc.config() == null) {
            return null;
        }
        try {
            OciPlatform p = Json.mapper().readValue(client.pullSmallBlob(doc.config(), MAX_CONFIG), OciPlatform.class);
            return p.os().isEmpty() && p.architecture().isEmpty() ? null : List.of(p);
        } catch (IOException | EngineException e) {
            return null; // as moby: a config it cannot read lists no platform
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Index(@JsonProperty("manifests") List<Entry> manifests) {
        Index {
            manifests = manifests == null ? List.of() : manifests;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Entry(@JsonProperty("platform") OciPlatform platform) {
    }
}
