package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        assertThrows(IllegalStateException.class, () -> ipam.allocate(used));
    }

    @Test
    void requestedAddressMustBeFreeAndInTheSubnet() {
        Ipam ipam = new Ipam(Subnet.parse("10.1.0.0/24"), ip("10.1.0.1"), null, Map.of());
        assertEquals(ip("10.1.0.50"), ipam.request(ip("10.1.0.50"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ipam.request(ip("10.1.0.50"), List.of(ip("10.1.0.50"))));
        assertThrows(IllegalArgumentException.class, () -> ipam.request(ip("10.1.0.1"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ipam.request(ip("10.2.0.5"), List.of()));
    }

    @Test
    void rejectsGatewayOutsideTheSubnet() {
        assertThrows(IllegalArgumentException.class,
                () -> new Ipam(Subnet.parse("10.1.0.0/24"), ip("10.9.0.1"), null, Map.of()));
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
