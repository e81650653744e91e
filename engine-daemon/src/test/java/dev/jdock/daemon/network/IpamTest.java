package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IpamTest {
    private static int ip(String s) {
        return Ipv4.parse(s);
    }

    @Test
    void skipsNetworkGatewayAndAuxAddresses() {
        Ipam ipam = new Ipam(Subnet.parse("10.1.0.0/24"), ip("10.1.0.1"), null, Map.of("r", "10.1.0.2"));
        assertEquals("10.1.0.3", Ipv4.format(ipam.allocate(List.of())));
        assertEquals("10.1.0.4", Ipv4.format(ipam.allocate(List.of(ip("10.1.0.3")))));
    }

    @Test
    void allocatesFromTheIpRangeOnly() {
        Ipam ipam = new Ipam(Subnet.parse("10.1.0.0/16"), ip("10.1.0.1"), Subnet.parse("10.1.5.0/30"), Map.of());
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            used.add(ipam.allocate(used));
        }
        assertEquals(List.of(ip("10.1.5.0"), ip("10.1.5.1"), ip("10.1.5.2"), ip("10.1.5.3")), used);
        assertInvalid("no available IPv4 addresses on this network's address pools: 10.1.0.0/16",
                () -> ipam.allocate(used));
    }

    @Test
    void requestedAddressMustBeFreeAndInTheSubnet() {
        Ipam ipam = new Ipam(Subnet.parse("10.1.0.0/24"), ip("10.1.0.1"), null, Map.of());
        assertEquals(ip("10.1.0.50"), ipam.request(ip("10.1.0.50"), List.of()));
        for (int taken : new int[] {ip("10.1.0.50"), ip("10.1.0.1")}) { // in use; the gateway
            EngineException e = assertThrows(EngineException.class, () -> ipam.request(taken, List.of(ip("10.1.0.50"))));
            assertEquals(ErrorKind.FORBIDDEN, e.kind());
            assertEquals("Address already in use", e.getMessage());
        }
        assertInvalid("no configured subnet or ip-range contain the IP address 10.2.0.5",
                () -> ipam.request(ip("10.2.0.5"), List.of()));
    }

    @Test
    void rejectsGatewayOutsideTheSubnet() {
        assertInvalid("no matching subnet for gateway 10.9.0.1",
                () -> new Ipam(Subnet.parse("10.1.0.0/24"), ip("10.9.0.1"), null, Map.of()));
    }

    @Test
    void ipamConfig_notInTheSubnetOrMalformed_isInvalidParameter() {
        Subnet s = Subnet.parse("10.1.0.0/24");
        assertInvalid("no matching subnet for range 10.2.0.0/24",
                () -> new Ipam(s, ip("10.1.0.1"), Subnet.parse("10.2.0.0/24"), Map.of()));
        assertInvalid("no matching subnet for aux-address 10.2.0.9",
                () -> new Ipam(s, ip("10.1.0.1"), null, Map.of("a", "10.2.0.9")));
        assertInvalid("invalid IPv4 address: zz", () -> new Ipam(s, ip("10.1.0.1"), null, Map.of("a", "zz")));
    }

    @Test
    void parse_clientAddressesAndSubnets_areInvalidParameterWithTheirText() {
        for (String bad : new String[] {"1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.x", "1..3.4", "", "+1.2.3.4",
                "1.2.3.-0", "99999999999.1.1.1"}) {
            assertInvalid("invalid IPv4 address: " + bad, () -> Ipv4.parse(bad));
            assertEquals(false, Ipv4.isIpv4(bad), bad);
        }
        assertEquals(true, Ipv4.isIpv4(" 10.0.0.1 "));
        assertInvalid("invalid CIDR address: 10.30.0.0", () -> Subnet.parse("10.30.0.0"));
        assertInvalid("invalid CIDR address: 10.30.0.0/x", () -> Subnet.parse("10.30.0.0/x"));
        assertInvalid("invalid IPv4 address: 10.300.0.0", () -> Subnet.parse("10.300.0.0/16"));
        assertInvalid("invalid prefix length 33", () -> Subnet.parse("10.30.0.0/33"));
        assertInvalid("invalid prefix length -1", () -> Subnet.parse("10.30.0.0/-1"));
        assertEquals("10.30.0.0/16", Subnet.parse("10.30.1.2/16").toString());
    }

    private static void assertInvalid(String message, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void subnetPickerSkipsTakenPools() {
        assertEquals("172.17.0.0/16", SubnetPicker.pick(List.of(Subnet.parse("192.0.2.0/24"))).get().toString());
        assertEquals("172.19.0.0/16", SubnetPicker.pick(List.of(Subnet.parse("172.17.0.0/16"),
                Subnet.parse("172.18.3.0/24"))).get().toString());
    }

    @Test
    void macAddressFollowsDockersScheme() {
        assertEquals("02:42:ac:11:00:02", Ipv4.macString(ip("172.17.0.2")));
    }

    @Test
    void addressesInUseSurviveARestartOfTheStore(@TempDir Path dir) {
        NetworkStore store = new NetworkStore(dir);
        store.load();
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        eps.put("n", new Endpoint("net1", "ep1", "", List.of("a"), "10.1.0.2", "02:42:0a:01:00:02", "veth1", "eth0"));
        store.putContainer(new ContainerNet("c1", eps, List.of(), ""));
        NetworkStore reloaded = new NetworkStore(dir);
        reloaded.load();
        List<Integer> used = new ArrayList<>();
        reloaded.containers().forEach(cn -> cn.endpoints().values().stream().filter(Endpoint::isActive)
                .forEach(e -> used.add(Ipv4.parse(e.ip()))));
        Ipam ipam = new Ipam(Subnet.parse("10.1.0.0/24"), ip("10.1.0.1"), null, Map.of());
        assertEquals("10.1.0.3", Ipv4.format(ipam.allocate(used)));
        assertEquals(List.of("a"), reloaded.container("c1").get().endpoints().get("n").aliases());
    }
}
