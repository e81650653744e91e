package dev.jdock.daemon.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** GET {@code /v2/<name>/blobs/<digest>} (usually redirected to storage) as a stream verified at its end. */
final class BlobPuller implements RegistryCall<VerifyingInputStream> {
    private final String repository;
    private final Descriptor descriptor;

    BlobPuller(String repository, Descriptor descriptor) {
        this.repository = repository;
        this.descriptor = descriptor;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v2/" + repository + "/blobs/" + descriptor.digest());
    }

    @Override
    public VerifyingInputStream handle(HttpResponse<InputStream> r) {
        return new VerifyingInputStream(r.body(), descriptor.parsedDigest(), descriptor.size() > 0 ? descriptor.size()
                : -1);
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public String description() {
        return "pull blob " + descriptor.digest();
    }
}
