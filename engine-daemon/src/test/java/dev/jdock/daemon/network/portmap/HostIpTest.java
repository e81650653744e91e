package dev.jdock.daemon.network.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostIpTest {
    /** Go's net.IP.String() of each address (moby shows the host IP of a binding so in inspect and ps). */
    @Test
    void canonical_isGosForm() {
        String[][] cases = {
            {"0.0.0.0", "0.0.0.0"}, {"127.0.0.1", "127.0.0.1"}, {"::", "::"}, {"0:0:0:0:0:0:0:0", "::"},
            {"::1", "::1"}, {"0:0::0001", "::1"}, {"FE80::1", "fe80::1"}, {"1:0:0:1:0:0:0:1", "1:0:0:1::1"},
            {"1:0:0:2:0:0:3:4", "1::2:0:0:3:4"}, {"1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"}, {"1::", "1::"},
            {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"}, {"::ffff:127.0.0.1", "127.0.0.1"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], HostIp.canonical(c[0]), c[0]);
        }
    }

    @Test
    void isV6() {
        assertTrue(HostIp.isV6("::"));
        assertTrue(HostIp.isV6("fe80::1"));
        assertFalse(HostIp.isV6("0.0.0.0"));
    }
}
