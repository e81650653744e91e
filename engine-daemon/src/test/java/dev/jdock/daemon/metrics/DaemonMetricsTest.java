package dev.jdock.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.events.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposition against a golden text: names, help, types, labels, bucket bounds, value formats. */
class DaemonMetricsTest {
    @Test
    void exposition_matchesTheGoldenText() throws IOException {
        DaemonMetrics m = new DaemonMetrics();
        m.request("GET /containers/{id}/json", 200, 3_000_000);
        m.request("GET /containers/{id}/json", 200, 3_000_000);
        m.request("GET /containers/{id}/json", 404, 1_000_000);
        m.request("POST /containers/{id}/start", 204, 250_000_000);
        m.request(null, 404, 500_000);
        m.started(300_000_000);
        m.bytes(1000);
        m.bytes(24);
        m.pulled(2_500_000_000L);
        List<String> passed = new ArrayList<>();
        EventSink events = m.countEvents((type, action, id, attrs) -> passed.add(type + " " + action));
        events.emit("container", "start", "c1", Map.of());
        events.emit("container", "die", "c1", Map.of());
        events.emit("image", "pull", "busybox", Map.of());
        events.emit("mystery", "x", "y", Map.of());
        assertEquals(List.of("container start", "container die", "image pull", "mystery x"), passed);

        String text = m.render(new ContainerStates(1, 0, 2), new JvmStats(1_048_576, 4_194_304, 42)).toString();
        assertEquals(golden(), text);
    }

    @Test
    void scrape_ofAFreshDaemon_hasEveryFamily_andTheJvmsOwnNumbers() {
        String text = new String(new DaemonMetrics().scrape(new ContainerStates(0, 0, 0)), StandardCharsets.UTF_8);
        for (String family : List.of("engine_daemon_container_states_containers",
                "engine_daemon_container_actions_seconds",
                "engine_daemon_image_actions_seconds", "jdock_image_pull_bytes_total", "engine_daemon_events_total",
                "jdock_events_total", "jdock_api_requests_total", "jdock_api_request_duration_seconds",
                "jdock_jvm_heap_used_bytes", "jdock_jvm_heap_committed_bytes", "jdock_jvm_threads")) {
            assertTrue(text.contains("# TYPE " + family + " "), family + " in\n" + text);
        }
        assertTrue(text.matches("(?s).*\njdock_jvm_threads [1-9][0-9]*\n.*"), text);
        assertTrue(text.matches("(?s).*\njdock_jvm_heap_committed_bytes [1-9][0-9]*\n.*"), text);
    }

    @Test
    void noMetrics_passesTheSinkThrough() {
        EventSink sink = (type, action, id, attrs) -> { };
        assertSame(sink, Metrics.none().countEvents(sink));
    }

    @Test
    void labelValues_areEscaped() {
        assertEquals("route=\"a\\\"b\\\\c\\nd\",code=\"200\"", Exposition.labels("route", "a\"b\\c\nd", "code", "200"));
        assertEquals("0.25", Exposition.number(0.25));
        assertEquals("3", Exposition.number(3.0));
        assertEquals("+Inf", Exposition.number(Double.POSITIVE_INFINITY));
    }

    private static String golden() throws IOException {
        try (InputStream in = DaemonMetricsTest.class.getResourceAsStream("/metrics/exposition.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
