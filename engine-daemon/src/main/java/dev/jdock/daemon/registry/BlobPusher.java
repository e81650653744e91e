package dev.jdock.daemon.registry;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Sends a blob's bytes to an upload session: {@link Mode#MONOLITHIC} is one {@code PUT <location>?digest=} with the
 * body; {@link Mode#PATCH} streams it with {@code PATCH <location>} and closes with an empty
 * {@code PUT <new location>?digest=} (what the docker daemon does). Returns the location of the next step.
 */
final class BlobPusher implements RegistryCall<URI> {
    enum Mode { MONOLITHIC, PATCH, FINISH }

    private final URI location;
    private final Digest digest;
    private final long size;
    private final RegistryClient.BlobSource source;
    private final LongConsumer progress;
    private final Mode mode;

    BlobPusher(URI location, Digest digest, long size, RegistryClient.BlobSource source, LongConsumer progress, Mode mode) {
        this.location = location;
        this.digest = digest;
        this.size = size;
        this.source = source;
        this.progress = progress;
        this.mode = mode;
    }

    @Override
    public String method() {
        return mode == Mode.PATCH ? "PATCH" : "PUT";
    }

    @Override
    public URI uri(Endpoint e) {
        if (mode == Mode.PATCH) {
            return location;
        }
        String sep = location.getRawQuery() == null ? "?" : "&";
        return URI.create(location + sep + "digest=" + digest);
    }

    @Override
    public Map<String, String> headers() {
        return mode == Mode.FINISH ? Map.of() : Map.of("Content-Type", "application/octet-stream");
    }

    @Override
    public HttpRequest.BodyPublisher body() {
        if (mode == Mode.FINISH) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new Counting(source.open(), progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), size);
    }

    @Override
    public URI handle(HttpResponse<InputStream> r) {
        if (mode == Mode.PATCH) {
            String loc = r.headers().firstValue("Location").orElseThrow(
                    () -> EngineException.system("registry accepted a chunk without a Location", null));
            return r.uri().resolve(loc);
        }
        return r.headers().firstValue("Location").map(l -> r.uri().resolve(l)).orElse(null);
    }

    @Override
    public String description() {
        return "push blob " + digest;
    }

    /** Reports bytes as the HTTP client reads them. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;
        private long count;

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && progress != null) {
                count += n;
                progress.accept(count);
            }
            return n;
        }
    }
}
