package dev.jdock.daemon.registry;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * One way to reach a registry: {@code base} is {@code https://host:port} or {@code http://host:port}; {@code mirror}
 * endpoints only serve pulls. {@code fallback}: a connection failure here moves on to the next endpoint (Docker's
 * https-then-http for insecure registries).
 */
record Endpoint(String domain, URI base, boolean mirror, boolean fallback, HttpClient client) {
    URI resolve(String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    /** host[:port] as sent in the Host header and used for certs.d. */
    String authority() {
        return base.getRawAuthority();
    }
}
