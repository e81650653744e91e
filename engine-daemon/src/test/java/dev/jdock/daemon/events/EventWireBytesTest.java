package dev.jdock.daemon.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An event's bytes, pinned: the deprecated fields only for containers and images, attributes sorted. */
class EventWireBytesTest {
    private static final Instant AT = Instant.ofEpochSecond(1796424932, 361063171);

    @Test
    void containerEvent_legacyFieldsAndFrom() throws Exception {
        assertEquals("{\"status\":\"start\",\"id\":\"c1\",\"from\":\"busybox\",\"Type\":\"container\","
                + "\"Action\":\"start\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"image\":\"busybox\",\"name\":\"gt\"}},"
                + "\"scope\":\"local\",\"time\":1796424932,\"timeNano\":1796424932361063171}",
                Json.mapper().writeValueAsString(Event.of(Event.CONTAINER, "start", "c1",
                        Map.of("name", "gt", "image", "busybox"), AT)));
    }

    @Test
    void networkEvent_noLegacyFields() throws Exception {
        assertEquals("{\"Type\":\"network\",\"Action\":\"create\",\"Actor\":{\"ID\":\"n1\",\"Attributes\":"
                + "{\"name\":\"gnet\",\"type\":\"bridge\"}},\"scope\":\"local\",\"time\":1796424932,"
                + "\"timeNano\":1796424932361063171}",
                Json.mapper().writeValueAsString(Event.of("network", "create", "n1",
                        Map.of("type", "bridge", "name", "gnet"), AT)));
    }
}
