package dev.jdock.daemon.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * API requests by route template and status code, with a latency histogram per route. A route's counters are made
 * at its first request and found again by its {@code METHOD template} string (the same instance every time, whose
 * hash is cached): a request costs a map lookup and three atomic additions. The routes are the server's registered
 * ones, so the label values are bounded; past {@link #MAX_ROUTES} they would share one {@code other} entry.
 */
final class ApiStats {
    static final int MAX_ROUTES = 1024;

    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final Route unmatched = new Route("-", "unmatched");
    private final Route other = new Route("-", "other");

    /** {@code route}: {@code METHOD template}, null when no route matched. */
    void record(String route, int status, long nanos) {
        Route r = route == null ? unmatched : routes.get(route);
        if (r == null) {
            r = routes.size() >= MAX_ROUTES ? other : routes.computeIfAbsent(route, Route::of);
        }
        r.byStatus.incrementAndGet(StatusCodes.slot(status));
        r.latency.observeNanos(nanos);
    }

    /** Every route that served a request, sorted by template then method; unmatched and other last. */
    List<Route> seen() {
        List<Route> out = new ArrayList<>(routes.values());
        out.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
        for (Route r : List.of(unmatched, other)) {
            if (r.latency.snapshot().count() > 0) {
                out.add(r);
            }
        }
        return out;
    }

    /** One route's counters. */
    static final class Route {
        private final String method;
        private final String template;
        private final AtomicLongArray byStatus = new AtomicLongArray(StatusCodes.SLOTS);
        private final Histogram latency = new Histogram(Histogram.DEFAULT_SECONDS);

        Route(String method, String template) {
            this.method = method;
            this.template = template;
        }

        static Route of(String key) {
            int sp = key.indexOf(' ');
            return sp < 0 ? new Route("-", key) : new Route(key.substring(0, sp), key.substring(sp + 1));
        }

        String method() {
            return method;
        }

        String template() {
            return template;
        }

        long count(int slot) {
            return byStatus.get(slot);
        }

        Histogram latency() {
            return latency;
        }
    }
}
