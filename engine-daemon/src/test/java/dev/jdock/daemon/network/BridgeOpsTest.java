package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import dev.jdock.daemon.network.netlink.Netlink;
import dev.jdock.daemon.network.netlink.NetlinkException;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel side of bridge and macvlan networks against the in-memory kernel: what exists after each call. */
class BridgeOpsTest {
    private static final String NS = "/proc/4242/ns/net";
    private static final String HOST = FakeNetlink.HOST;

    private final FakeNetlink kernel = new FakeNetlink().addNetns(NS);
    private final BridgeOps ops = new BridgeOps(kernel, kernel);

    static NetworkRecord bridge(String bridge, String subnet, String gateway, String creator) {
        return new NetworkRecord("0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef", "n", "bridge",
                "2024-01-01T00:00:00Z", bridge, subnet, gateway, "", Map.of(), false, false, Map.of(), Map.of(),
                1500, true, true, creator);
    }

    private static NetworkRecord macvlan(String parent) {
        return new NetworkRecord("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", "mv", "macvlan",
                "2024-01-01T00:00:00Z", "", "10.213.90.0/24", "10.213.90.1", "", Map.of(), false, false, Map.of(),
                Map.of("parent", parent), 1500, true, true);
    }

    private static Netlink.Address addr(String ip, int prefix) {
        return new Netlink.Address((Inet4Address) Ipv4.inet(Ipv4.parse(ip)), prefix);
    }

    private FakeNetlink.Link link(String netns, String name) {
        return kernel.link(netns, name).orElseThrow(() -> new AssertionError("no link " + name + " in " + netns));
    }

    @Test
    void ensureBridge_missing_isCreatedWithTheGatewayAndUp() {
        assertEquals(NetworkRecord.BY_JDOCK, ops.ensureBridge(bridge("jdt0", "10.213.80.0/24", "10.213.80.1",
                null)));
        FakeNetlink.Link br = link(HOST, "jdt0");
        assertEquals("bridge", br.kind);
        assertTrue(br.up);
        assertEquals(List.of(addr("10.213.80.1", 24)), br.addresses);
        assertArrayEquals(Ipv4.mac(Ipv4.parse("10.213.80.1")), br.mac);
        assertTrue(br.routeLocalnet, "loopback DNATed to a published port may leave through it");
    }

    @Test
    void ensureBridge_onANonBridgeLink_refusesAndLeavesItUntouched() {
        kernel.addHostLink("jdt-veth", "veth");
        EngineException e = assertThrows(EngineException.class,
                () -> ops.ensureBridge(bridge("jdt-veth", "10.213.70.0/24", "10.213.70.1", NetworkRecord.BY_USER)));
        assertEquals("existing interface jdt-veth is not a bridge", e.getMessage());
        assertEquals(List.of(), link(HOST, "jdt-veth").addresses);
        assertFalse(link(HOST, "jdt-veth").up);
    }

    @Test
    void ensureBridge_ownBridge_losesStaleAddresses_usersBridgeKeepsThem() {
        kernel.addHostLink("jdt-own", "bridge");
        kernel.addAddressOutside(HOST, "jdt-own", (Inet4Address) Ipv4.inet(Ipv4.parse("10.213.77.1")), 24);
        kernel.addHostLink("jdt-user", "bridge");
        kernel.addAddressOutside(HOST, "jdt-user", (Inet4Address) Ipv4.inet(Ipv4.parse("10.213.78.1")), 24);

        assertEquals(NetworkRecord.BY_JDOCK, ops.ensureBridge(bridge("jdt-own", "10.213.79.0/24", "10.213.79.1",
                NetworkRecord.BY_JDOCK)));
        assertEquals(NetworkRecord.BY_USER, ops.ensureBridge(bridge("jdt-user", "10.213.81.0/24", "10.213.81.1",
                NetworkRecord.BY_USER)));

        assertEquals(List.of(addr("10.213.79.1", 24)), link(HOST, "jdt-own").addresses);
        assertEquals(List.of(HOST + " deleteAddress " + link(HOST, "jdt-own").index + " 10.213.77.1 24"),
                kernel.calls().stream().filter(c -> c.contains(" deleteAddress ")).toList());
        assertEquals(List.of(addr("10.213.78.1", 24), addr("10.213.81.1", 24)), link(HOST, "jdt-user").addresses);
    }

    @Test
    void releaseBridge_deletesOnlyABridgeJdockMade() {
        kernel.addHostLink("jdt-user", "bridge");
        ops.ensureBridge(bridge("jdt-own", "10.213.79.0/24", "10.213.79.1", null));
        ops.releaseBridge(bridge("jdt-user", "10.213.81.0/24", "10.213.81.1", NetworkRecord.BY_USER));
        ops.releaseBridge(bridge("jdt-own", "10.213.79.0/24", "10.213.79.1", NetworkRecord.BY_JDOCK));
        assertTrue(kernel.link(HOST, "jdt-user").isPresent());
        assertFalse(kernel.link(HOST, "jdt-own").isPresent());
    }

    @Test
    void addEndpoint_createsThePairOnTheBridge_andConfiguresTheContainerEnd() {
        NetworkRecord n = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        ops.ensureBridge(n);
        int ip = Ipv4.parse("10.213.80.2");
        ops.addEndpoint(n, NS, "vethabc", "eth0", ip, true);

        FakeNetlink.Link host = link(HOST, "vethabc");
        assertEquals(link(HOST, "jdt0").index, host.master);
        assertTrue(host.up && host.hairpin);
        FakeNetlink.Link eth0 = link(NS, "eth0");
        assertEquals(host, eth0.peer);
        assertTrue(eth0.up && link(NS, "lo").up);
        assertEquals(List.of(addr("10.213.80.2", 24)), eth0.addresses);
        assertArrayEquals(Ipv4.mac(ip), eth0.mac);
        assertEquals(1500, eth0.mtu);
        assertEquals(new FakeNetlink.DefaultRoute((Inet4Address) Ipv4.inet(Ipv4.parse("10.213.80.1")), eth0.index),
                kernel.defaultRoute(NS).orElseThrow());
        assertEquals(List.of("setUp lo", "linkIndex eth0", "disableIpv6 eth0", "setUp " + eth0.index + " 0",
                "addAddress " + eth0.index + " 10.213.80.2 24",
                "addDefaultRoute 10.213.80.1 " + eth0.index), kernel.calls().stream()
                .filter(c -> c.startsWith(NS + " ")).map(c -> c.substring(NS.length() + 1)).toList(),
                "one session in the netns, the address before the route");
    }

    @Test
    void addEndpoint_secondNetwork_hasNoDefaultRoute() {
        NetworkRecord a = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        NetworkRecord b = bridge("jdt1", "10.213.81.0/24", "10.213.81.1", null);
        ops.ensureBridge(a);
        ops.ensureBridge(b);
        ops.addEndpoint(a, NS, "vetha", "eth0", Ipv4.parse("10.213.80.2"), true);
        ops.addEndpoint(b, NS, "vethb", "eth1", Ipv4.parse("10.213.81.2"), false);
        assertEquals(link(NS, "eth0").index, kernel.defaultRoute(NS).orElseThrow().oif());
        assertEquals(List.of(addr("10.213.81.2", 24)), link(NS, "eth1").addresses);
    }

    @Test
    void addEndpoint_bridgeMissing_failsAndLeavesNoPair() {
        NetworkRecord n = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> ops.addEndpoint(n, NS, "vethabc", "eth0", Ipv4.parse("10.213.80.2"), true));
        assertEquals(19, e.errno());
        assertEquals(List.of("lo"), kernel.links(NS));
        assertFalse(kernel.link(HOST, "vethabc").isPresent());
    }

    @Test
    void addEndpoint_failingInTheNetns_deletesThePairAgain() {
        NetworkRecord n = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        ops.ensureBridge(n);
        kernel.failNext("addDefaultRoute", 101);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> ops.addEndpoint(n, NS, "vethabc", "eth0", Ipv4.parse("10.213.80.2"), true));
        assertEquals(101, e.errno());
        assertEquals(List.of("lo"), kernel.links(NS), "a running container keeps no half-made interface");
        assertFalse(kernel.link(HOST, "vethabc").isPresent());
        ops.addEndpoint(n, NS, "vethabc", "eth0", Ipv4.parse("10.213.80.2"), true);
        assertTrue(kernel.defaultRoute(NS).isPresent(), "a retry succeeds");
    }

    @Test
    void addEndpoint_nameTakenInTheNetns_isEexistAndCreatesNothing() {
        NetworkRecord n = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        ops.ensureBridge(n);
        ops.addEndpoint(n, NS, "vetha", "eth0", Ipv4.parse("10.213.80.2"), true);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> ops.addEndpoint(n, NS, "vethb", "eth0", Ipv4.parse("10.213.80.3"), false));
        assertEquals(17, e.errno());
        assertFalse(kernel.link(HOST, "vethb").isPresent());
        assertTrue(kernel.link(HOST, "vetha").isPresent(), "the first endpoint is not touched");
    }

    @Test
    void removeEndpoint_deletesBothEnds() {
        NetworkRecord n = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        ops.ensureBridge(n);
        ops.addEndpoint(n, NS, "vethabc", "eth0", Ipv4.parse("10.213.80.2"), true);
        ops.removeEndpoint(NS, "eth0");
        assertEquals(List.of("lo"), kernel.links(NS));
        assertFalse(kernel.link(HOST, "vethabc").isPresent());
        ops.removeEndpoint(NS, "eth0");
    }

    @Test
    void macvlanEndpoint_isMadeInTheNetnsOnTheParent() {
        FakeNetlink.Link parent = kernel.addHostLink("jdt-nic", "");
        ops.checkMacvlanParent(macvlan("jdt-nic"));
        ops.addEndpoint(macvlan("jdt-nic"), NS, "", "eth0", Ipv4.parse("10.213.90.2"), true);
        FakeNetlink.Link eth0 = link(NS, "eth0");
        assertEquals("macvlan", eth0.kind);
        assertEquals(parent.index, eth0.parent);
        assertEquals(List.of(addr("10.213.90.2", 24)), eth0.addresses);
        assertTrue(kernel.defaultRoute(NS).isPresent());
    }

    @Test
    void macvlanEndpoint_missingParent_isRefused_andAFailureInTheNetnsRemovesIt() {
        EngineException e = assertThrows(EngineException.class, () -> ops.checkMacvlanParent(macvlan("jdt-nic")));
        assertEquals("-o parent interface \"jdt-nic\" was not found on the host", e.getMessage());
        assertThrows(NetlinkException.class,
                () -> ops.addEndpoint(macvlan("jdt-nic"), NS, "", "eth0", Ipv4.parse("10.213.90.2"), true));

        kernel.addHostLink("jdt-nic", "");
        kernel.failNext("addAddress", 22);
        assertThrows(NetlinkException.class,
                () -> ops.addEndpoint(macvlan("jdt-nic"), NS, "", "eth0", Ipv4.parse("10.213.90.2"), true));
        assertEquals(List.of("lo"), kernel.links(NS));
    }

    @Test
    void strayVeths_areTheUnkeptVethsOnTheGivenBridges() {
        NetworkRecord own = bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null);
        NetworkRecord other = bridge("jdt1", "10.213.81.0/24", "10.213.81.1", null);
        ops.ensureBridge(own);
        ops.ensureBridge(other);
        kernel.addNetns("/proc/2/ns/net").addNetns("/proc/3/ns/net").addNetns("/proc/4/ns/net");
        ops.addEndpoint(own, "/proc/2/ns/net", "vethkeep", "eth0", Ipv4.parse("10.213.80.2"), true);
        ops.addEndpoint(own, "/proc/3/ns/net", "vethstray", "eth0", Ipv4.parse("10.213.80.3"), true);
        ops.addEndpoint(other, "/proc/4/ns/net", "vethother", "eth0", Ipv4.parse("10.213.81.2"), true);
        assertEquals(List.of("vethstray"), ops.strayVeths(Set.of("jdt0"), Set.of("vethkeep")));
    }

    @Test
    void hostRoutes_forwardingAndLinkExists_comeFromTheHostFiles() {
        ops.ensureBridge(bridge("jdt0", "10.213.80.0/24", "10.213.80.1", null));
        kernel.addHostRoute(Ipv4.parse("192.168.7.0"), 24);
        assertEquals(List.of(Subnet.parse("10.213.80.0/24"), Subnet.parse("192.168.7.0/24")), ops.hostRoutes());
        assertTrue(ops.linkExists("jdt0"));
        assertFalse(ops.linkExists("jdt9"));
        ops.enableForwarding();
        assertTrue(kernel.forwarding());
    }
}
