package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkViewsTest {
    private static final String ID = "45f6505504ef0123456789abcdef0123456789abcdef0123456789abcdef0123";

    @Test
    void dnsNames_dockerOrderWithoutRepeats() {
        // docker-compose connects with Aliases [<short id>, service]
        assertEquals(List.of("jdcl_web_1", "45f6505504ef", "web"),
                NetworkViews.dnsNames("jdcl_web_1", List.of("45f6505504ef", "web"), ID, "45f6505504ef"));
        assertEquals(List.of("c1", "a1", "45f6505504ef", "host1"),
                NetworkViews.dnsNames("c1", List.of("a1"), ID, "host1"));
    }
}
