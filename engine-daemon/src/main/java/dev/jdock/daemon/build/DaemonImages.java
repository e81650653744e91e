package dev.jdock.daemon.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.image.ImageCommitter;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.registry.RegistryAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BuildImages} on the daemon's image service. */
final class DaemonImages implements BuildImages, BuildCachePruner.ImageRemoval {
    private final ImageService images;

    DaemonImages(ImageService images) {
        this.images = images;
    }

    @Override
    public Optional<String> find(String refOrId) {
        try {
            return Optional.of(images.resolve(refOrId));
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String pull(ImageReference ref, String registryConfig, String platform, OutputStream progress) {
        String tag = ref.digest() != null ? ref.digest() : ref.tag() == null ? "latest" : ref.tag();
        images.preparePull(ref.name(), tag, platform, auth(registryConfig, ref.domain()))
                .run(progress);
        return images.resolve(ref.toString());
    }

    /**
     * The credentials for {@code domain} from {@code X-Registry-Config}: base64 of a JSON map from registry
     * address to auth config (Docker Hub's key is its v1 index URL).
     */
    static AuthConfig auth(String registryConfig, String domain) {
        if (registryConfig == null || registryConfig.isEmpty()) {
            return AuthConfig.ANONYMOUS;
        }
        try {
            JsonNode all = Json.requestMapper().readTree(Base64.getUrlDecoder().decode(
                    registryConfig.replace('+', '-').replace('/', '_').trim()));
            if (all == null || !all.isObject()) {
                return AuthConfig.ANONYMOUS;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (matches(e.getKey(), domain)) {
                    return RegistryAuth.fromJson(e.getValue().toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            return AuthConfig.ANONYMOUS;
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("invalid X-Registry-Config header: " + e.getMessage());
        }
    }

    private static boolean matches(String key, String domain) {
        String k = key.replaceFirst("^https?://", "");
        int slash = k.indexOf('/');
        String host = slash < 0 ? k : k.substring(0, slash);
        if ("docker.io".equals(domain)) {
            return host.equals("index.docker.io") || host.equals("docker.io") || host.equals("registry-1.docker.io");
        }
        return host.equals(domain);
    }

    @Override
    public OciImageConfig config(String imageId) {
        return images.configFile(imageId);
    }

    @Override
    public boolean exists(String imageId) {
        return find(imageId).filter(imageId::equals).isPresent();
    }

    @Override
    public String derive(String parentImage, ImageContainerConfig config, String createdBy,
            ContainerConfig containerConfig, String author) {
        ImageCommitter.Request r = new ImageCommitter.Request(parentImage, config, List.of(),
                author == null ? "" : author, "", createdBy,
                "", "").withContainer(null, containerConfig);
        return images.commit(r, null);
    }

    @Override
    public long removeIfUnused(String imageId) {
        if (!exists(imageId)) {
            return 0;
        }
        long size = ownSize(imageId);
        try {
            images.remove(imageId, false, false);
            return size;
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.CONFLICT || e.kind() == ErrorKind.NOT_FOUND) {
                return -1; // tagged, a parent, or used by a container: it stays
            }
            throw e;
        }
    }

    @Override
    public long ownSize(String imageId) {
        try {
            ImageInspect i = images.inspect(imageId, ApiVersion.MAX);
            long parent = i.parent() == null || i.parent().isEmpty() ? 0
                    : images.inspect(i.parent(), ApiVersion.MAX).size();
            return Math.max(0, i.size() - parent);
        } catch (EngineException e) {
            return 0;
        }
    }

    @Override
    public String restore(String parent, String target, ImageContainerConfig config) {
        return images.restoreCachedStep(parent, target, config);
    }

    @Override
    public void tag(String imageId, ImageReference ref) {
        images.tag(imageId, ref.name(), ref.tag() == null ? "latest" : ref.tag());
    }
}
