package dev.jdock.api.types.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdock.api.Json;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemWireTest {
    private final ObjectMapper m = Json.mapper();

    private static byte[] load(String name) throws Exception {
        try (InputStream in = SystemWireTest.class.getResourceAsStream("/wire/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void versionRoundTrips() throws Exception {
        byte[] sample = load("version.json");
        SystemVersion v = m.readValue(sample, SystemVersion.class);
        assertEquals("1.41", v.apiVersion());
        assertEquals("Engine", v.components().get(0).name());
        assertEquals(m.readTree(sample), m.readTree(m.writeValueAsBytes(v)));
    }

    @Test
    void infoParsesAndKeepsGoTypes() throws Exception {
        SystemInfo i = m.readValue(load("info.json"), SystemInfo.class);
        assertEquals(2, i.ncpu());
        assertEquals("inactive", i.swarm().localNodeState());
        assertEquals(List.of("Backing Filesystem", "extfs"), i.driverStatus().get(0));
        assertTrue(i.registryConfig().indexConfigs().get("docker.io").official());
        assertEquals("runc", i.runtimes().get("runc").path());
        JsonNode out = m.valueToTree(i);
        assertTrue(out.get("RegistryConfig").isObject());
        assertTrue(out.get("Swarm").isObject());
        assertTrue(out.get("Runtimes").get("runc").has("path"));
        assertTrue(out.get("MemTotal").isIntegralNumber());
        assertEquals(i, m.readValue(m.writeValueAsBytes(i), SystemInfo.class));
    }

    @Test
    void builtInfoHasObjectsWhereGoExpectsThem() {
        SystemInfo i = SystemInfo.builder().swarm(SwarmInfo.inactive()).osType("linux").build();
        JsonNode out = m.valueToTree(i);
        assertEquals("inactive", out.at("/Swarm/LocalNodeState").asText());
        assertEquals("", out.get("ID").asText());
        assertFalse(out.get("Debug").asBoolean());
    }
}
