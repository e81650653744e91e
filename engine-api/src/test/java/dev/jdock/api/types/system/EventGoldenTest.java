package dev.jdock.api.types.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventGoldenTest {
    @Test
    void messages_containerNetworkImage_asDockerd() throws Exception {
        String[] lines = Golden.load("events.jsonl").split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            EventMessage m = Json.mapper().readValue(line, EventMessage.class);
            assertEquals(line + "\n", Golden.write(m));
        }
        EventMessage net = Json.mapper().readValue(lines[1], EventMessage.class);
        assertNull(net.status());
        assertEquals("gnet", net.actor().attributes().get("name"));
        EventMessage start = Json.mapper().readValue(lines[0], EventMessage.class);
        assertEquals(Instant.ofEpochSecond(1796424932, 361063171), start.instant());
    }

    @Test
    void actorAttributes_sortedAsDockerd() {
        EventMessage.Actor a = new EventMessage.Actor("x", Map.of("name", "gt", "image", "busybox"));
        assertEquals("{\"ID\":\"x\",\"Attributes\":{\"image\":\"busybox\",\"name\":\"gt\"}}\n", Golden.write(a));
    }
}
