package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IPv6 addresses, prefixes, a network's IPv6 pool and the default ULA pool. */
class Ipam6Test {
    private static Ip6 ip(String s) {
        return Ip6.parse(s);
    }

    @Test
    void parsesAndFormatsAsRfc5952() {
        assertEquals("2001:db8::1:0:0:1", ip("2001:DB8:0:0:1:0:0:1").toString());
        assertEquals("fd00::2", ip("fd00:0:0:0:0:0:0:2").toString());
        assertEquals("::", ip("::").toString());
        assertEquals("::ffff:10.99.0.1", ip("::ffff:a63:1").toString()); // Go's netip.Addr.String
        assertEquals("::a63:1", ip("::a63:1").toString());
        assertEquals(new Ip6(0xfd00_0000_0000_0000L, 2), ip("fd00::2"));
        for (String bad : new String[] {"10.0.0.1", "fd00::1%eth0", "[fd00::1]", "fd00::g", "", "1:2:3:4:5:6:7:8:9"}) {
            assertFalse(Ip6.isIpv6(bad), bad);
        }
        // an IPv4-mapped address stays an IPv6 one (InetAddress.getByAddress would make it an Inet4Address)
        assertEquals(java.net.Inet6Address.class, ip("::ffff:10.0.0.1").inet().getClass());
        assertEquals(ip("::ffff:10.0.0.1"), Ip6.of(ip("::ffff:10.0.0.1").inet().getAddress()));
        EngineException e = assertThrows(EngineException.class, () -> Ip6.parse("nope"));
        assertEquals("invalid IPv6 address: nope", e.getMessage());
    }

    @Test
    void addsWithCarryIntoTheHighHalf() {
        assertEquals(ip("fd00:0:0:1::"), ip("fd00::ffff:ffff:ffff:ffff").plus(1));
        assertEquals(ip("fd00::5"), ip("fd00::2").plus(3));
        assertTrue(ip("fd00::2").compareTo(ip("fd00:0:0:1::")) < 0);
        assertTrue(ip("ff00::").compareTo(ip("fd00::")) > 0); // unsigned
    }

    @Test
    void prefixesMaskContainAndOverlap() {
        Subnet6 s = Subnet6.parse("fd00:1:2:3:4::/64");
        assertEquals("fd00:1:2:3::/64", s.toString());
        assertTrue(s.contains(ip("fd00:1:2:3:ffff::1")));
        assertFalse(s.contains(ip("fd00:1:2:4::1")));
        assertEquals(ip("fd00:1:2:3:ffff:ffff:ffff:ffff"), s.last());
        assertTrue(Subnet6.parse("fd00:1::/32").overlaps(s));
        assertFalse(Subnet6.parse("fd00::/48").overlaps(s));
        assertFalse(Subnet6.parse("fd00:1:2:4::/64").overlaps(s));
        Subnet6 narrow = Subnet6.parse("fd00::100/120");
        assertEquals(ip("fd00::1ff"), narrow.last());
        assertTrue(narrow.contains(ip("fd00::1ab")));
        assertFalse(narrow.contains(ip("fd00::200")));
        assertEquals("fd00::/8", Subnet6.parse("fd12::/8").toString());
        for (String bad : new String[] {"fd00::", "fd00::/129", "fd00::/x", "10.0.0.0/8"}) {
            EngineException e = assertThrows(EngineException.class, () -> Subnet6.parse(bad));
            assertEquals("invalid CIDR address: " + bad, e.getMessage());
        }
    }

    @Test
    void allocatesTheLowestFreeAddressAfterTheAnycastAndTheGateway() {
        Ipam6 ipam = new Ipam6(Subnet6.parse("fd00:1::/64"), ip("fd00:1::1"), null,
                Map.of("a", "fd00:1::3", "v4", "10.0.0.5"));
        List<Ip6> used = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            used.add(ipam.allocate(used));
        }
        assertEquals(List.of(ip("fd00:1::2"), ip("fd00:1::4"), ip("fd00:1::5")), used);
        used.remove(0); // a freed address is handed out again first
        assertEquals(ip("fd00:1::2"), ipam.allocate(used));
    }

    @Test
    void allocatesFromTheRangeAndSaysWhenItIsFull() {
        Ipam6 ipam = new Ipam6(Subnet6.parse("fd00:1::/64"), ip("fd00:1::1"), Subnet6.parse("fd00:1::10/126"),
                Map.of());
        List<Ip6> used = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            used.add(ipam.allocate(used));
        }
        assertEquals(ip("fd00:1::10"), used.get(0));
        assertEquals(ip("fd00:1::13"), used.get(3));
        EngineException e = assertThrows(EngineException.class, () -> ipam.allocate(used));
        assertEquals("no available IPv6 addresses on this network's address pools: fd00:1::/64", e.getMessage());
    }

    @Test
    void requestedAddressMustBeFreeAndInTheSubnet() {
        Ipam6 ipam = new Ipam6(Subnet6.parse("fd00:1::/64"), ip("fd00:1::1"), null, Map.of());
        assertEquals(ip("fd00:1::99"), ipam.request(ip("fd00:1::99"), List.of()));
        for (Ip6 taken : List.of(ip("fd00:1::99"), ip("fd00:1::1"), ip("fd00:1::"))) {
            EngineException e = assertThrows(EngineException.class, () -> ipam.request(taken, List.of(ip("fd00:1::99"))));
            assertEquals(ErrorKind.FORBIDDEN, e.kind());
            assertEquals("Address already in use", e.getMessage());
        }
        EngineException e = assertThrows(EngineException.class, () -> ipam.request(ip("fd00:2::5"), List.of()));
        assertEquals("no configured subnet or ip-range contain the IP address fd00:2::5", e.getMessage());
        e = assertThrows(EngineException.class, () -> new Ipam6(Subnet6.parse("fd00:1::/64"), ip("fd00:2::1"),
                null, Map.of()));
        assertEquals("no matching subnet for gateway fd00:2::1", e.getMessage());
    }

    @Test
    void theUlaPoolIsDerivedFromTheEngineIdAsMobyDerivesIt() {
        // moby's ipamutils test vectors (DeriveULABaseNetwork)
        assertEquals("fd42:98fc:1c14::/48", UlaPool.base("").toString());
        assertEquals("fd62:fb69:18af::/48", UlaPool.base("499d4bc0-b0b3-416f-b1ee-cf6486315593").toString());
        Subnet6 base = UlaPool.base("x");
        Subnet6 first = UlaPool.pick(base, List.of()).orElseThrow();
        assertEquals(base.base(), first.base());
        assertEquals(64, first.prefix());
        Subnet6 second = UlaPool.pick(base, List.of(first, Subnet6.parse("fd00::/64"))).orElseThrow();
        assertEquals(new Ip6(base.base().hi() | 1, 0), second.base());
        assertTrue(UlaPool.pick(base, List.of(base)).isEmpty());
    }

    /** The first gap among the /64s that other networks' subnets (any length, any order) cover. */
    @Test
    void theUlaPoolSkipsWhatOtherSubnetsCover_inAnyOrder() {
        Subnet6 base = Subnet6.parse("fd00:1:2::/48");
        assertEquals("fd00:1:2:6::/64", UlaPool.pick(base, List.of(Subnet6.parse("fd00:1:2:4::/63"),
                Subnet6.parse("fd00:1:2:1::/64"), Subnet6.parse("fd00:1:2::/64"), Subnet6.parse("fd00:1:2:2::/63"),
                Subnet6.parse("fd00:1:2:7::/64"), Subnet6.parse("fd00:1:2:3::1/128"), Subnet6.parse("fd99::/64")))
                .orElseThrow().toString());
        assertEquals("fd00:1:2:8000::/64", UlaPool.pick(base, List.of(Subnet6.parse("fd00:1:2::/49")))
                .orElseThrow().toString());
        assertTrue(UlaPool.pick(base, List.of(Subnet6.parse("fd00:1:2::/49"), Subnet6.parse("fd00:1:2:8000::/49")))
                .isEmpty());
        List<Subnet6> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // other networks' subnets outside base, then one covering it all
            many.add(new Subnet6(new Ip6(0x2001_0db8_0000_0000L | (long) i << 16, 0), 64));
        }
        many.add(Subnet6.parse("fd00::/8"));
        assertTrue(UlaPool.pick(base, many).isEmpty()); // was 65,536 x 20,001 overlap checks: seconds
    }
}
