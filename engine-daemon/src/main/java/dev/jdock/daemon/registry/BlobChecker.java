package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/** HEAD {@code /v2/<name>/blobs/<digest>}: the blob's size when the repository has it, empty on 404. */
final class BlobChecker implements RegistryCall<Optional<Long>> {
    private final String repository;
    private final Digest digest;

    BlobChecker(String repository, Digest digest) {
        this.repository = repository;
        this.digest = digest;
    }

    @Override
    public String method() {
        return "HEAD";
    }

    @Override
    public URI uri(Endpoint e) {
        return e.resolve("/v2/" + repository + "/blobs/" + digest);
    }

    @Override
    public Optional<Long> handle(HttpResponse<InputStream> r) {
        return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public Optional<Long> handleError(int status, byte[] body) {
        if (status == 404) {
            return Optional.empty();
        }
        throw RegistryErrors.toException(status, body, "HEAD blob " + digest);
    }

    @Override
    public String description() {
        return "check blob " + digest;
    }
}
