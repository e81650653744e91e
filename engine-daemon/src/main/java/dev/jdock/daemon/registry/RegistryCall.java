package dev.jdock.daemon.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One registry endpoint (Jib's RegistryEndpointProvider): what to send and how to read the answer. The
 * {@link RegistryCaller} adds authentication, redirects and error handling around it.
 */
interface RegistryCall<T> {
    String method();

    /** The target, relative to the endpoint ({@code /v2/…}) or absolute (an upload Location). */
    URI uri(Endpoint endpoint);

    default String accept() {
        return null;
    }

    /** A fresh body for each attempt (a retry after a 401 sends it again). */
    default HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.noBody();
    }

    default Map<String, String> headers() {
        return Map.of();
    }

    /** How long the registry has to answer; null for the caller's default. */
    default Duration timeout() {
        return null;
    }

    /** Reads a 2xx answer; the caller closes the body unless the result keeps it (a blob stream). */
    T handle(HttpResponse<InputStream> response) throws IOException;

    /** A non-2xx answer after authentication: throw, or return a value for expected statuses (404 on HEAD). */
    default T handleError(int status, byte[] body) {
        throw RegistryErrors.toException(status, body, null);
    }

    /** For messages: {@code pull manifest for x}. */
    String description();

    /** Whether {@link #handle} keeps the response body open (the caller must not close it). */
    default boolean streams() {
        return false;
    }
}
