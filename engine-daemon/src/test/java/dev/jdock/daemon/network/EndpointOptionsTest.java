package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An endpoint's --ip6, --link-local-ip, --link and --driver-opt: dockerd's checks, kept on the endpoint. */
class EndpointOptionsTest {
    private static EndpointSettings es(String ip6, List<String> linkLocal) {
        return EndpointSettings.builder().ipamConfig(new EndpointIpamConfig(null, ip6, linkLocal)).build();
    }

    private static EngineException refused(EndpointSettings es) {
        return assertThrows(EngineException.class, () -> EndpointOptions.check(es));
    }

    @Test
    void check_refusesAsDockerd_inItsOrder() {
        EngineException e = refused(es("bogus", List.of("nope", "169.254.1.1", "x")));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("Invalid link-local IP address: [nope x]", e.getMessage());
        e = refused(es("fd00::5::1", List.of("169.254.1.1")));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("invalid IPv6 address: fd00::5::1", e.getMessage());
        e = refused(es(null, List.of("10.1.1.1")));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("invalid link local IP address: 10.1.1.1", e.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, refused(es(null, List.of("fe80::1"))).kind());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= EndpointOptions.MAX_LINK_LOCAL; i++) {
            many.add("169.254.0." + (i + 1));
        }
        assertEquals(ErrorKind.INVALID_PARAMETER, refused(es(null, many)).kind());
        EndpointOptions.check(es(null, List.of("169.254.1.1", "")));
        EndpointOptions.check(null);
    }

    @Test
    void endpoint_keepsThem_acrossStartAndStop_andResolvesLinkAliases() {
        NetworkRecord n = new NetworkRecord("a".repeat(64), "n", "bridge", "t", "br", "10.1.0.0/24", "10.1.0.1", "",
                Map.of(), false, false, Map.of(), Map.of(), 1500, true, true);
        EndpointSettings es = EndpointSettings.builder().links(List.of("/web:/me/alias", "db"))
                .driverOpts(Map.of("k", "v")).ipamConfig(new EndpointIpamConfig(null, null,
                        List.of("169.254.3.4"))).build();
        Endpoint ep = NetworkAttachments.newEndpoint(n, es).activated("10.1.0.2", "m", "veth", "eth0").deactivated();
        assertEquals(List.of("/web:/me/alias", "db"), ep.links());
        assertEquals(Map.of("k", "v"), ep.driverOpts());
        assertEquals(List.of((169 << 24) | (254 << 16) | (3 << 8) | 4), EndpointOptions.linkLocalAddresses(ep));
        assertEquals("web", EndpointOptions.linkTarget(ep, "ALIAS"));
        assertEquals("db", EndpointOptions.linkTarget(ep, "db"));
        assertNull(EndpointOptions.linkTarget(ep, "web"));
    }
}
