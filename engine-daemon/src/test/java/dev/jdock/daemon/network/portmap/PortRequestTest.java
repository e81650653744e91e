package dev.jdock.daemon.network.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.PortBinding;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PortRequestTest {
    @Test
    void fixedRangeAndRandomHostPorts() {
        Map<String, List<PortBinding>> b = new LinkedHashMap<>();
        b.put("80/tcp", List.of(new PortBinding("", "8080"), new PortBinding("127.0.0.1", "")));
        b.put("53/udp", List.of(new PortBinding("", "5000-5010")));
        List<PortRequest> r = PortRequest.of(b, false, null);
        assertEquals(List.of(new PortRequest("tcp", 80, "", 8080, 8080),
                new PortRequest("tcp", 80, "127.0.0.1", 0, 0),
                new PortRequest("udp", 53, "", 5000, 5010)), r);
        assertTrue(r.get(0).anyHost(), "no host IP: 0.0.0.0 and :: (the publisher's choice)");
        assertFalse(r.get(1).anyHost());
        assertEquals(List.of(new PortRequest("tcp", 80, "", 8000, 8010)), PortRequest.of(Map.of("80/tcp",
                List.of(new PortBinding("", "8000-8010-9000"))), false, null), "nat.ParsePortRange: two parts read");
    }

    @Test
    void explicitHostIpsAreKeptAsGiven_0000IsNotAnyHost() {
        Map<String, List<PortBinding>> b = new LinkedHashMap<>();
        b.put("80/tcp", List.of(new PortBinding("0.0.0.0", "8080"), new PortBinding("::", "8080"),
                new PortBinding(null, "8081")));
        List<PortRequest> r = PortRequest.of(b, false, null);
        assertEquals(List.of(new PortRequest("tcp", 80, "0.0.0.0", 8080, 8080),
                new PortRequest("tcp", 80, "::", 8080, 8080), new PortRequest("tcp", 80, "", 8081, 8081)), r);
    }

    @Test
    void publishAllAddsExposedPortsWithoutBindings() {
        Map<String, List<PortBinding>> b = Map.of("80/tcp", List.of(new PortBinding("", "8080")));
        Map<String, Object> exposed = new LinkedHashMap<>();
        exposed.put("80/tcp", Map.of());
        exposed.put("443/tcp", Map.of());
        List<PortRequest> r = PortRequest.of(b, true, exposed);
        assertEquals(2, r.size());
        assertEquals(new PortRequest("tcp", 443, "", 0, 0), r.get(1)); // -P: both families, as moby
    }

    @Test
    void badSpecsAreRejected() {
        assertInvalid("invalid proto: xyz", () -> PortRequest.of(Map.of("80/xyz", List.of()), false, null));
        // dockerd 20.10 at create: the whole host value quoted, and strconv.ParseUint's refusal of a sign
        assertInvalid("invalid port specification: \"9-1\"",
                () -> PortRequest.of(Map.of("80", List.of(new PortBinding("", "9-1"))), false, null));
        assertInvalid("invalid port specification: \"8080-+8090\"",
                () -> PortRequest.of(Map.of("80", List.of(new PortBinding("", "8080-+8090"))), false, null));
        assertInvalid("invalid port specification: \"+8080\"",
                () -> PortRequest.of(Map.of("80", List.of(new PortBinding("", "+8080"))), false, null));
        assertInvalid("invalid port specification: \"+80\"",
                () -> PortRequest.of(Map.of("+80/tcp", List.of()), false, null));
        assertInvalid("invalid port specification: \"70000\"",
                () -> PortRequest.of(Map.of("70000", List.of()), false, null));
        assertInvalid("invalid port specification: \"abc\"",
                () -> PortRequest.of(Map.of("abc/tcp", List.of()), false, null));
        assertInvalid("invalid port specification: \"x\"",
                () -> PortRequest.of(Map.of("80/tcp", List.of(new PortBinding("", "x"))), false, null));
        assertInvalid("invalid port specification: \"99999999999\"",
                () -> PortRequest.of(Map.of("80/tcp", List.of(new PortBinding("", "99999999999"))), false, null));
        Map<String, Object> exposed = Map.of("0/tcp", Map.of());
        assertInvalid("invalid port specification: \"0\"", () -> PortRequest.of(null, true, exposed));
    }

    @Test
    void isIpLiteral_addressesOnly_neverANameToLookUp() {
        for (String ok : new String[] {"0.0.0.0", "127.0.0.1", "255.255.255.255", "::", "::1", "fd00::1:2",
            "::ffff:1.2.3.4"}) {
            assertTrue(PortRequest.isIpLiteral(ok), ok);
        }
        for (String bad : new String[] {"bogus", "localhost", "1.2.3.4\0", "1.2.3.256", "1.2.3", "fe80::1%eth0", ":::",
                "", "1.2.3.4 ", "01.2.3.4", "[::1]"}) {
            assertFalse(PortRequest.isIpLiteral(bad), bad);
        }
    }

    private static void assertInvalid(String message, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(message, e.getMessage());
    }
}
