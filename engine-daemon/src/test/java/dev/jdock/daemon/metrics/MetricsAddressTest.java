package dev.jdock.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsAddressTest {
    @Test
    void hostPort_ipv6_andEveryAddress() {
        assertEquals(new MetricsAddress("127.0.0.1", 9323), MetricsAddress.parse("127.0.0.1:9323"));
        assertEquals(new MetricsAddress("::1", 9323), MetricsAddress.parse("[::1]:9323"));
        assertEquals("[::1]:9323", MetricsAddress.parse("[::1]:9323").toString());
        assertEquals(new MetricsAddress("", 9323), MetricsAddress.parse(":9323"));
        assertEquals(new MetricsAddress("localhost", 0), MetricsAddress.parse("localhost:0"));
    }

    @Test
    void withoutPort_badPort_orBareIpv6_isRefusedAsGoRefuses() {
        assertEquals("address 127.0.0.1: missing port in address",
                assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse("127.0.0.1")).getMessage());
        assertEquals("address ::1:9323: too many colons in address",
                assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse("::1:9323")).getMessage());
        for (String bad : new String[] {"host:", "host:65536", "host:-1", "host:http", "tcp://host:1"}) {
            assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse(bad), bad);
        }
    }
}
