package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** PUT {@code /v2/<name>/manifests/<tag>}; returns the digest, checked against the registry's answer. */
final class ManifestPusher implements RegistryCall<Digest> {
    private final String repository;
    private final String tag;
    private final byte[] bytes;
    private final String mediaType;

    ManifestPusher(String repository, String tag, byte[] bytes, String mediaType) {
        this.repository = repository;
        this.tag = tag;
        this.bytes = bytes.clone();
        this.mediaType = mediaType;
    }

    @Override
    public String method() {
        return "PUT";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v2/" + repository + "/manifests/" + tag);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Type", mediaType);
    }

    @Override
    public HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    @Override
    public Digest handle(HttpResponse<InputStream> r) {
        Digest ours = Digest.sha256(bytes);
        r.headers().firstValue("Docker-Content-Digest").filter(Digest::isValid).map(Digest::parse)
                .filter(d -> !d.equals(ours)).ifPresent(d -> {
                    throw EngineException.system("registry stored manifest as " + d + ", expected " + ours, null);
                });
        return ours;
    }

    @Override
    public String description() {
        return "push manifest " + repository + ":" + tag;
    }
}
