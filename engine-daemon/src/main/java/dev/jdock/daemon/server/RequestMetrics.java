package dev.jdock.daemon.server;

/**
 * Where the server reports each API request it answered (the metrics endpoint's seam; {@code dev.jdock.daemon.metrics}
 * implements it). Called once per request, from the event loop, when its response is written: it must be a few
 * atomic operations, never a lock or an allocation.
 */
@FunctionalInterface
public interface RequestMetrics {
    /**
     * @param route  the matched route as {@code METHOD template} ({@code GET /containers/{id}/json}), one of the
     *               registered routes' strings; null when no route matched (404 page not found, a refused version)
     * @param status the response's status code (0 when none was sent)
     * @param nanos  from the request's head to its response written (for a hijacked stream, to the switch)
     */
    void request(String route, int status, long nanos);
}
