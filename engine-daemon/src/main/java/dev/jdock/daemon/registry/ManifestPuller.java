package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** GET {@code /v2/<name>/manifests/<tag|digest>}; the bytes are checked against the requested or announced digest. */
final class ManifestPuller implements RegistryCall<Manifest.Fetched> {
    static final int MAX_MANIFEST = 4 * 1024 * 1024;

    private final String repository;
    private final String reference;

    ManifestPuller(String repository, String reference) {
        this.repository = repository;
        this.reference = reference;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v2/" + repository + "/manifests/" + reference);
    }

    @Override
    public String accept() {
        return MediaTypes.MANIFEST_ACCEPT;
    }

    @Override
    public Manifest.Fetched handle(HttpResponse<InputStream> r) throws IOException {
        byte[] bytes = r.body().readNBytes(MAX_MANIFEST + 1);
        if (bytes.length > MAX_MANIFEST) {
            throw EngineException.invalid("manifest " + reference + " is larger than " + MAX_MANIFEST + " bytes");
        }
        Digest actual = Digest.sha256(bytes);
        Digest expected = Digest.isValid(reference) ? Digest.parse(reference)
                : r.headers().firstValue("Docker-Content-Digest").filter(Digest::isValid).map(Digest::parse)
                        .orElse(actual);
        if (!actual.equals(expected)) {
            throw EngineException.invalid("manifest verification failed for digest " + expected + " (got " + actual
                    + ")");
        }
        String contentType = r.headers().firstValue("Content-Type").map(s -> s.split(";")[0].trim()).orElse(null);
        Manifest doc = Manifest.parse(bytes, contentType);
        return new Manifest.Fetched(actual, doc.mediaType(), bytes, doc);
    }

    @Override
    public String description() {
        return "pull manifest " + repository + ":" + reference;
    }
}
