package dev.jdock.daemon.registry;

import dev.jdock.daemon.layer.ObservingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** GET {@code /v2/<name>/blobs/<digest>} (usually redirected to storage) as a stream verified at its end. */
final class BlobPuller implements RegistryCall<VerifyingInputStream> {
    private final String repository;
    private final Descriptor descriptor;
    private final PullMetrics metrics;

    BlobPuller(String repository, Descriptor descriptor, PullMetrics metrics) {
        this.repository = repository;
        this.descriptor = descriptor;
        this.metrics = metrics;
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
        return new VerifyingInputStream(new Metered(r.body(), metrics), descriptor.parsedDigest(),
                descriptor.size() > 0 ? descriptor.size() : -1);
    }

    /** Reports each read's bytes to the pull metrics as they arrive. */
    private static final class Metered extends ObservingInputStream {
        private final PullMetrics metrics;

        Metered(InputStream in, PullMetrics metrics) {
            super(in);
            this.metrics = metrics;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                metrics.bytes(n);
            }
            return n;
        }
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
