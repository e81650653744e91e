package dev.jdock.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiStatsTest {
    @Test
    void requests_areLabelledByMethodAndTemplate_unmatchedOnesTogether() {
        ApiStats api = new ApiStats();
        api.record("GET /containers/{id}/json", 200, 1_000);
        api.record("GET /containers/{id}/json", 404, 1_000);
        api.record("DELETE /containers/{id:.*}", 204, 1_000);
        api.record(null, 404, 1_000);
        api.record(null, 400, 1_000);
        List<ApiStats.Route> seen = api.seen();
        assertEquals(List.of("DELETE /containers/{id:.*}", "GET /containers/{id}/json", "- unmatched"),
                seen.stream().map(r -> r.method() + " " + r.template()).toList());
        ApiStats.Route inspect = seen.get(1);
        assertEquals(1, inspect.count(StatusCodes.slot(200)));
        assertEquals(1, inspect.count(StatusCodes.slot(404)));
        assertEquals(2, inspect.latency().snapshot().count());
        assertEquals(2, seen.get(2).latency().snapshot().count());
    }

    @Test
    void aRoute_keepsOneEntry() {
        ApiStats api = new ApiStats();
        api.record("GET /_ping", 200, 1);
        ApiStats.Route first = api.seen().get(0);
        api.record("GET /_ping", 200, 1);
        assertSame(first, api.seen().get(0));
        assertEquals(2, first.count(StatusCodes.slot(200)));
    }

    @Test
    void pastTheRouteBound_routesShareOther() {
        ApiStats api = new ApiStats();
        for (int i = 0; i < ApiStats.MAX_ROUTES + 10; i++) {
            api.record("GET /r" + i, 200, 1);
        }
        List<ApiStats.Route> seen = api.seen();
        assertEquals(ApiStats.MAX_ROUTES + 1, seen.size());
        assertEquals("other", seen.get(seen.size() - 1).template());
        assertEquals(10, seen.get(seen.size() - 1).count(StatusCodes.slot(200)));
    }

    @Test
    void statusCodes_knownOnesThemselves_othersByClass() {
        assertEquals("204", StatusCodes.label(StatusCodes.slot(204)));
        assertEquals("101", StatusCodes.label(StatusCodes.slot(101)));
        assertEquals("4xx", StatusCodes.label(StatusCodes.slot(418)));
        assertEquals("2xx", StatusCodes.label(StatusCodes.slot(206)));
        assertEquals("none", StatusCodes.label(StatusCodes.slot(0)));
        assertEquals("none", StatusCodes.label(StatusCodes.slot(999)));
    }
}
