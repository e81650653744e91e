package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpamChecksTest {
    private static void refused(String message, IpamConfig... pools) {
        EngineException e = assertThrows(EngineException.class, () -> IpamChecks.validate(List.of(pools), true));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("invalid network config:\n" + message, e.getMessage());
    }

    @Test
    void subnet_asNetipParsePrefix_andMasked() {
        refused("invalid subnet 10.99: invalid CIDR block notation", new IpamConfig("10.99", null, null, null));
        refused("invalid subnet : invalid CIDR block notation", new IpamConfig("", null, "10.1.0.1", null));
        refused("invalid subnet 010.1.0.0/16: invalid CIDR block notation",
                new IpamConfig("010.1.0.0/16", null, null, null));
        refused("invalid subnet 10.1.0.0/33: invalid CIDR block notation",
                new IpamConfig("10.1.0.0/33", null, null, null));
        refused("invalid subnet 10.99.0.1/16: it should be 10.99.0.0/16",
                new IpamConfig("10.99.0.1/16", null, null, null));
    }

    @Test
    void gatewayRangeAndAux_inTheSubnet_everyErrorJoined() {
        refused("invalid gateway 10.97.0.1: parent subnet 10.98.0.0/24 doesn't contain this address",
                new IpamConfig("10.98.0.0/24", null, "10.97.0.1", null));
        refused("invalid gateway x: invalid address", new IpamConfig("10.98.0.0/24", null, "x", null));
        refused("invalid ip-range 10.98.0.0/16: CIDR block is bigger than its parent subnet 10.98.0.0/24",
                new IpamConfig("10.98.0.0/24", "10.98.0.0/16", null, null));
        refused("invalid ip-range 10.97.0.0/25: parent subnet 10.98.0.0/24 doesn't contain ip-range",
                new IpamConfig("10.98.0.0/24", "10.97.0.0/25", null, null));
        refused("* invalid ip-range 10.98.0.1/25: it should be 10.98.0.0/25\n"
                + "* invalid auxiliary address a: parent subnet 10.98.0.0/24 doesn't contain this address\n"
                + "* invalid auxiliary address b: parent subnet is an IPv4 block",
                new IpamConfig("10.98.0.0/24", "10.98.0.1/25", "10.98.0.1", Map.of("b", "::1", "a", "10.1.1.1")));
    }

    @Test
    void wellFormedPools_pass() {
        assertDoesNotThrow(() -> IpamChecks.validate(List.of(new IpamConfig("10.99.0.0/16", "10.99.1.0/24",
                "10.99.0.254", Map.of("r", "10.99.0.2"))), false));
        assertDoesNotThrow(() -> IpamChecks.validate(null, true));
    }

    /** IPv6 pools are checked as IPv4 ones, with RFC 5952 text, and only when IPv6 is enabled (moby's). */
    @Test
    void ipv6Pools_checkedOnlyWithIpv6() {
        refused("* invalid subnet fd00:9::1/64: it should be fd00:9::/64\n"
                + "* invalid gateway fd00:8::1: parent subnet fd00:9::1/64 doesn't contain this address\n"
                + "* invalid auxiliary address a: parent subnet is an IPv6 block",
                new IpamConfig("fd00:9::1/64", null, "fd00:8::1", Map.of("a", "10.0.0.1")));
        refused("invalid subnet ::ffff:10.99.0.1/120: it should be ::ffff:10.99.0.0/120", // as netip writes them
                new IpamConfig("::ffff:10.99.0.1/120", null, null, null));
        refused("invalid ip-range fd00:9::/56: CIDR block is bigger than its parent subnet fd00:9::/64",
                new IpamConfig("fd00:9::/64", "fd00:9::/56", null, null));
        assertDoesNotThrow(() -> IpamChecks.validate(List.of(new IpamConfig("fd00:9::1/64", null, "fd00:8::1",
                null)), false));
        assertDoesNotThrow(() -> IpamChecks.validate(List.of(new IpamConfig("fd00:9::/64", "fd00:9::100/120",
                "fd00:9::1", Map.of("r", "fd00:9::2"))), true));
    }
}
