package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.network.Ipam;
import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import dev.jdock.daemon.network.netlink.NetlinkException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Networks created, found, removed and pruned, with their bridges in the in-memory kernel and their events. */
class NetworkServiceTest {
    private static final String HOST = FakeNetlink.HOST;

    @TempDir
    Path root;

    private NetworkTestbed bed;
    private NetworkService svc;

    @BeforeEach
    void boot() throws IOException {
        bed = new NetworkTestbed(root);
        svc = bed.service;
        svc.boot();
    }

    @AfterEach
    void close() {
        bed.close();
    }

    private static ErrorKind refused(Executable call) {
        return assertThrows(EngineException.class, call).kind();
    }

    private NetworkRecord createWithContainer(String network) {
        NetworkRecord n = svc.create(bed.bridgeRequest(network, null));
        bed.create("a".repeat(64), network, Map.of());
        return n;
    }

    @Test
    void boot_makesThePredefinedNetworks_theDefaultBridgeUp_forwardingAndFirewall() {
        assertEquals(List.of("bridge", "host", "none"), svc.list().stream().map(NetworkRecord::name).sorted()
                .toList());
        NetworkRecord bridge = svc.get("bridge");
        assertEquals(bed.names.defaultBridge(), bridge.bridge());
        assertEquals("172.17.0.0/16", bridge.subnet());
        FakeNetlink.Link link = bed.kernel.link(HOST, bridge.bridge()).orElseThrow();
        assertTrue(link.up && link.kind.equals("bridge"));
        assertTrue(bed.kernel.forwarding());
        assertTrue(bed.commands.lastBatch().contains(":" + bed.names.chainBase() + "-FORWARD"));
        assertTrue(bed.commands.runs().stream().anyMatch(r -> r.command().startsWith("iptables -w -t nat -C")));
        bed.connections.restore();
        assertTrue(bed.commands.lastBatch().contains(bridge.bridge()), "the module's restore applies the rules");
    }

    @Test
    void boot_defaultBridge_skipsRoutedSubnets_andARestartRecreatesAMissingBridge() throws IOException {
        try (NetworkTestbed other = new NetworkTestbed(root.resolve("other"))) {
            other.kernel.addHostRoute(Ipv4.parse("172.17.0.0"), 16);
            other.service.boot();
            assertEquals("172.18.0.0/16", other.service.get("bridge").subnet());
        }
        String id = svc.get("bridge").id();
        try (NetworkTestbed restarted = new NetworkTestbed(root)) {
            restarted.service.boot();
            assertEquals(id, restarted.service.get("bridge").id(), "the records are kept");
            assertTrue(restarted.kernel.link(HOST, bed.names.defaultBridge()).isPresent());
            assertEquals(NetworkRecord.BY_JDOCK, restarted.service.get("bridge").bridgeCreator());
        }
    }

    @Test
    void create_bridge_makesItsLinkRecordAndEvent() {
        NetworkRecord n = svc.create(bed.bridgeRequest("front", "10.213.60.0/24"));
        assertEquals("jd-" + n.id().substring(0, 12), n.bridge());
        assertEquals("10.213.60.1", n.gateway());
        assertEquals(NetworkRecord.BY_JDOCK, n.bridgeCreator());
        assertEquals(n, svc.get("front"));
        assertEquals(n, svc.get(n.id()));
        assertEquals(n, svc.get(n.id().substring(0, 6)));
        assertTrue(bed.kernel.link(HOST, n.bridge()).orElseThrow().up);
        assertTrue(bed.commands.lastBatch().contains(n.bridge()));
        assertEquals(List.of("create"), bed.actions("network"));
    }

    /** A request with dockerd's swarm or config-only fields. */
    private static NetworkCreateRequest swarmy(String scope, boolean ingress, boolean configOnly) {
        return new NetworkCreateRequest("s", "bridge", false, false, null, null, null, null, scope, ingress, configOnly,
                null);
    }

    @Test
    void create_conflicts_areRefusedWithDockersKinds_andChangeNothing() {
        NetworkRecord n = svc.create(bed.bridgeRequest("front", "10.213.60.0/24"));
        assertEquals(ErrorKind.CONFLICT, refused(() -> svc.create(bed.bridgeRequest("front", null))));
        assertEquals(ErrorKind.FORBIDDEN, refused(() -> svc.create(bed.bridgeRequest("other", "10.213.60.128/25"))));
        assertEquals(ErrorKind.FORBIDDEN, refused(() -> svc.create(new NetworkCreateRequest("other", "bridge", false,
                false, null, null, Map.of("com.docker.network.bridge.name", n.bridge()), null))));
        assertEquals(ErrorKind.INVALID_PARAMETER, refused(() -> svc.create(bed.bridgeRequest("-bad", null))));
        assertEquals(ErrorKind.FORBIDDEN, refused(() -> svc.create(new NetworkCreateRequest("h", "host", false,
                false, null, null, null, null))));
        assertEquals(ErrorKind.NOT_FOUND, refused(() -> svc.create(new NetworkCreateRequest("o", "overlay", false,
                false, null, null, null, null))));
        for (NetworkCreateRequest swarm : List.of(swarmy("local", true, false), swarmy("swarm", false, false),
                swarmy("global", false, false))) {
            assertEquals(ErrorKind.FORBIDDEN, refused(() -> svc.create(swarm)));
        }
        assertEquals(ErrorKind.NOT_FOUND, refused(() -> svc.create(new NetworkCreateRequest("i", "bridge", false,
                false, null, new dev.jdock.api.types.network.Ipam("bogus", null, null), null, null))));
        assertEquals(4, svc.list().size());
        assertEquals(List.of("create"), bed.actions("network"));
    }

    /** API 1.48 EnableIPv4: false leaves no IP family here (no IPv6): libnetwork's 400; true or absent is IPv4. */
    @Test
    void create_withoutIpv4_isRefused() {
        EngineException e = assertThrows(EngineException.class, () -> svc.create(bed.bridgeRequest("v6", null)
                .withEnableIpv4(false)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("IPv4 or IPv6 must be enabled", e.getMessage());
        svc.create(bed.bridgeRequest("v4", null).withEnableIpv4(true));
        assertEquals(List.of("create"), bed.actions("network"));
    }

    @Test
    void create_ipv6_withASubnet_keepsIt_andHandsOutItsFirstAddressAsTheGateway() {
        NetworkRecord n = svc.create(bed.ipv6Request("six", "10.213.61.0/24", "fd00:1::/64"));
        assertTrue(n.hasIpv6());
        assertTrue(n.userDefinedSubnet6());
        assertEquals("fd00:1::/64", n.subnet6());
        assertEquals("fd00:1::1", n.gateway6());
        assertEquals(n, svc.get("six")); // stored as made
        EngineException e = assertThrows(EngineException.class, () -> svc.create(bed.ipv6Request("over", null,
                "fd00:1::8000:0:0:0/65")));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("invalid pool request: Pool overlaps with other one on this address space", e.getMessage());
        assertEquals("multicast subnet 'ff05::/64' is not allowed",
                refusal(() -> svc.create(bed.ipv6Request("m", null, "ff05::/64"))));
        assertEquals("'fe80::/56' clashes with the Link-Local prefix 'fe80::/64'",
                refusal(() -> svc.create(bed.ipv6Request("ll", null, "fe80::/56"))));
        assertEquals("invalid network config:\ninvalid subnet fd00:2::1/64: it should be fd00:2::/64",
                refusal(() -> svc.create(bed.ipv6Request("host-bits", null, "fd00:2::1/64"))));
        assertEquals(List.of("create"), bed.actions("network"));
    }

    @Test
    void create_ipv6_withoutASubnet_takesTheNextSlash64OfTheEnginesUlaPrefix() {
        NetworkRecord a = svc.create(bed.ipv6Request("a", null, null));
        NetworkRecord b = svc.create(bed.ipv6Request("b", null, null));
        assertEquals("fd62:fb69:18af::/64", a.subnet6());
        assertEquals("fd62:fb69:18af::1", a.gateway6());
        assertFalse(a.userDefinedSubnet6());
        assertEquals("fd62:fb69:18af:1::/64", b.subnet6());
        svc.remove("a");
        assertEquals("fd62:fb69:18af::/64", svc.create(bed.ipv6Request("c", null, null)).subnet6());
    }

    /** dockerd's setupIPv6Forwarding: turning IPv6 forwarding on closes the ip6tables FORWARD policy, once. */
    @Test
    void ipv6Forwarding_turnedOnByTheFirstIpv6Network_closesTheForwardPolicy() {
        String drop = "ip6tables -w -P FORWARD DROP";
        svc.create(bed.bridgeRequest("four", null));
        assertFalse(bed.kernel.ipv6Forwarding());
        svc.create(bed.ipv6Request("six", null, "fd00:69::/64"));
        svc.create(bed.ipv6Request("seven", null, "fd00:70::/64"));
        assertTrue(bed.kernel.ipv6Forwarding());
        assertEquals(1, bed.commands.runs().stream().filter(r -> r.command().equals(drop)).count(),
                "only when it was off: " + bed.commands.runs());
    }

    /** A kernel without IPv6: the create is refused and leaves nothing; an IPv6 network made before still boots. */
    @Test
    void ipv6_onAHostWithoutIt_isRefusedAtCreate_andItsNetworksBootWithIpv4() throws IOException {
        NetworkRecord made = svc.create(bed.ipv6Request("six", "10.213.67.0/24", "fd00:67::/64"));
        bed.kernel.ipv6Available(false);
        assertEquals("cannot enable IPv6 on network late: IPv6 is disabled on this host",
                refusal(() -> svc.create(bed.ipv6Request("late", null, "fd00:68::/64"))));
        assertTrue(svc.find("late").isEmpty());
        try (NetworkTestbed restarted = new NetworkTestbed(root)) {
            restarted.kernel.ipv6Available(false);
            restarted.service.boot(); // logged, not fatal
            assertTrue(restarted.kernel.link(HOST, made.bridge()).orElseThrow().up, "its IPv4 side is up");
            assertEquals("fd00:67::/64", restarted.service.get("six").subnet6());
        }
    }

    /**
     * An IPv4-mapped IPv6 subnet (::ffff:a.b.c.d) is an IPv6 one to the kernel: its gateway is added as an IPv6
     * address, the create does not fail with a ClassCastException (a 500), and its record boots.
     */
    @Test
    void ipv6_anIpv4MappedSubnet_isMadeAndBoots() throws IOException {
        NetworkRecord made = svc.create(bed.ipv6Request("mapped", "10.213.69.0/24", "::ffff:10.99.0.0/120"));
        assertEquals("::ffff:10.99.0.1", made.gateway6());
        try (NetworkTestbed restarted = new NetworkTestbed(root)) {
            restarted.service.boot();
            assertTrue(restarted.kernel.link(HOST, made.bridge()).orElseThrow().up);
        }
    }

    /** moby keeps an IPv6 pool given without EnableIPv6 as given, unchecked, and gives the network no IPv6. */
    @Test
    void create_anIpv6PoolWithoutEnableIpv6_isKeptAsGiven_andUnused() {
        NetworkRecord n = svc.create(new NetworkCreateRequest("plain", "bridge", false, false, null,
                new Ipam(Ipam.DEFAULT_DRIVER, null, List.of(new IpamConfig("fd00:3::1/64", null, null, null))),
                null, null));
        assertFalse(n.hasIpv6());
        assertEquals("fd00:3::1/64", n.subnet6());
        assertFalse(n.subnet().isEmpty()); // an IPv4 subnet picked as ever
        EngineException e = assertThrows(EngineException.class, () -> svc.create(bed.ipv6Request("only", null,
                null).withEnableIpv4(false)));
        assertEquals("IPv6-only networks are not supported by jdock", e.getMessage());
    }

    private static NetworkCreateRequest configOnly(String name, String subnet, Map<String, String> options,
            Map<String, String> labels, boolean internal) {
        Ipam ipam = new Ipam("default", Map.of("x", "y"), subnet == null ? List.of()
                : List.of(new IpamConfig(subnet, null, null, null)));
        return new NetworkCreateRequest(name, "bridge", internal, false, null, ipam, options, labels, null, null,
                true, null);
    }

    private static NetworkCreateRequest configFrom(String name, String from, Map<String, String> options,
            Map<String, String> labels) {
        return new NetworkCreateRequest(name, "bridge", true, false, null, null, options, labels, null, null, null,
                new NetworkCreateRequest.ConfigReference(from));
    }

    private static String refusal(Executable call) {
        return assertThrows(EngineException.class, call).getMessage();
    }

    @Test
    void configOnly_holdsAConfiguration_andANetworkFromItTakesIt_withLibnetworksRules() throws IOException {
        NetworkRecord cfg = svc.create(configOnly("cfg", "10.213.70.0/24",
                Map.of("com.docker.network.bridge.enable_icc", "false"), Map.of("a", "b"), false));
        assertEquals("null", cfg.driver());
        assertTrue(cfg.configOnly());
        assertEquals("", cfg.gateway(), "no gateway chosen for a configuration");
        assertEquals(Map.of("x", "y"), cfg.ipamOptions());
        assertEquals(List.of("lo", bed.names.defaultBridge()), bed.kernel.links(HOST), "a configuration has no bridge");
        assertEquals("configuration network can only contain network specific fields. Network operator fields like "
                + "[ ingress | internal | attachable | scope ] are not supported.",
                refusal(() -> svc.create(configOnly("c2", null, null, null, true))));
        assertEquals("user specified configurations are not supported if the network depends on a configuration "
                + "network", refusal(() -> svc.create(configFrom("f", "cfg", null, Map.of("l", "v")))));
        assertEquals("network driver options are not supported if the network depends on a configuration network",
                refusal(() -> svc.create(configFrom("f", "cfg", Map.of("o", "v"), null))));
        assertEquals(ErrorKind.NOT_FOUND, refused(() -> svc.create(configFrom("f", "bridge", null, null))));
        NetworkRecord f = svc.create(configFrom("f", "cfg", null, null));
        assertEquals("bridge", f.driver());
        assertEquals("10.213.70.0/24", f.subnet());
        assertEquals("10.213.70.1", f.gateway());
        assertFalse(f.icc());
        assertTrue(f.internal(), "operator fields are the new network's own");
        assertEquals(Map.of("a", "b"), f.labels());
        assertEquals(Map.of("x", "y"), f.ipamOptions());
        assertEquals("cfg", f.configFrom());
        try (NetworkTestbed restarted = new NetworkTestbed(root)) {
            restarted.service.boot();
            assertEquals(svc.get("cfg"), restarted.service.get("cfg"), "kept across a restart");
            assertEquals(svc.get("f"), restarted.service.get("f"));
            assertTrue(restarted.kernel.link(HOST, f.bridge()).isPresent(), "the network made from it has its bridge");
            assertEquals(3, restarted.kernel.links(HOST).size(), "lo, the default bridge and f's: none for cfg");
        }
        assertEquals("error while removing network: configuration network \"cfg\" is in use",
                refusal(() -> svc.remove("cfg")));
        assertEquals(List.of("f"), svc.prune(Filters.empty()), "prune leaves configurations alone");
        svc.remove("cfg");
        assertTrue(svc.find("cfg").isEmpty());
    }

    @Test
    void create_onAUsersBridge_recordsItAsTheUsers_andRemoveLeavesIt() {
        bed.kernel.addHostLink("jdt-user", "bridge");
        NetworkRecord n = svc.create(new NetworkCreateRequest("u", "bridge", false, false, null, null,
                Map.of("com.docker.network.bridge.name", "jdt-user"), null));
        assertEquals(NetworkRecord.BY_USER, n.bridgeCreator());
        svc.remove("u");
        assertTrue(bed.kernel.link(HOST, "jdt-user").isPresent());
        assertTrue(svc.find("u").isEmpty());
    }

    @Test
    void create_bridgeRefusedByTheKernel_leavesNoRecordNoLinkNoEvent() {
        bed.kernel.failNext("addAddress", 1);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> svc.create(bed.bridgeRequest("front", "10.213.60.0/24")));
        assertEquals(1, e.errno());
        assertTrue(svc.find("front").isEmpty());
        assertEquals(List.of("lo", bed.names.defaultBridge()), bed.kernel.links(HOST));
        assertEquals(List.of(), bed.actions("network"));
        assertFalse(bed.commands.lastBatch().contains("10.213.60.0/24"), "the firewall forgot it too");
    }

    @Test
    void create_macvlan_needsItsParent() {
        NetworkCreateRequest req = new NetworkCreateRequest("mv", "macvlan", false, false, null, null,
                Map.of("parent", "jdt-nic"), null);
        EngineException e = assertThrows(EngineException.class, () -> svc.create(req));
        assertEquals("-o parent interface \"jdt-nic\" was not found on the host", e.getMessage());
        assertTrue(svc.find("mv").isEmpty());
        bed.kernel.addHostLink("jdt-nic", "");
        assertEquals("macvlan", svc.create(req).driver());
    }

    @Test
    void get_unknownNetwork_is404() {
        EngineException e = assertThrows(EngineException.class, () -> svc.get("nope"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("network nope not found", e.getMessage());
    }

    @Test
    void remove_deletesTheBridgeAndRecord_refusesPredefinedAndInUse() {
        NetworkRecord used = createWithContainer("used");
        NetworkRecord free = svc.create(bed.bridgeRequest("free", null));
        Container c = bed.create("b".repeat(64), "free", Map.of());
        bed.attachments.attach(c, bed.hold(c, 4242));
        EngineException busy = assertThrows(EngineException.class, () -> svc.remove("free"));
        assertEquals("error while removing network: network free id " + free.id() + " has active endpoints",
                busy.getMessage());
        bed.attachments.detach(c);
        assertEquals(ErrorKind.FORBIDDEN, refused(() -> svc.remove("bridge")));
        // as libnetwork's endpoint count: a container not running (created, or stopped: detached) holds nothing back
        svc.remove("used");
        assertTrue(svc.find("used").isEmpty());
        assertFalse(bed.kernel.link(HOST, used.bridge()).isPresent());

        svc.remove("free");
        assertTrue(svc.find("free").isEmpty());
        assertFalse(bed.kernel.link(HOST, free.bridge()).isPresent());
        assertFalse(bed.commands.lastBatch().contains(free.bridge()));
        assertEquals(List.of("create", "create", "connect", "disconnect", "destroy", "destroy"),
                bed.actions("network"));
    }

    @Test
    void prune_removesUnusedUserNetworksMatchingTheFilters() {
        createWithContainer("stopped");
        svc.create(bed.bridgeRequest("used", null));
        Container c = bed.create("b".repeat(64), "used", Map.of());
        bed.attachments.attach(c, bed.hold(c, 4242));
        svc.create(bed.bridgeRequest("free", null));
        svc.create(new NetworkCreateRequest("kept", "bridge", false, false, null, null, null, Map.of("keep", "1")));
        // a network only a container not running is on is unused, as moby's prune (no endpoint on it)
        assertEquals(List.of("free", "stopped"), svc.prune(Filters.empty().with("label!", "keep")).stream().sorted()
                .toList());
        assertEquals(List.of("bridge", "host", "kept", "none", "used"), svc.list().stream()
                .map(NetworkRecord::name).sorted().toList());
        assertEquals(ErrorKind.INVALID_PARAMETER, refused(() -> svc.prune(Filters.empty().with("driver", "x"))));
    }

    /** The until filter was accepted and ignored: a prune "until 1h ago" deleted networks made a second ago. */
    @Test
    void prune_until_keepsNetworksCreatedSince_andABadTimeIs400() {
        svc.create(bed.bridgeRequest("young", null));
        assertEquals(List.of(), svc.prune(Filters.empty().with("until", "1h")));
        assertEquals(List.of("young"), svc.prune(Filters.empty().with("until", "2999-01-01T00:00:00Z")));
        EngineException e = assertThrows(EngineException.class,
                () -> svc.prune(Filters.empty().with("until", "soon")));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    @Test
    void create_mtuOption_parsedAsLibnetwork() {
        EngineException bad = assertThrows(EngineException.class, () -> svc.create(new NetworkCreateRequest("m",
                "bridge", false, false, null, null, Map.of("com.docker.network.driver.mtu", "abc"), null)));
        assertEquals(ErrorKind.INVALID_PARAMETER, bad.kind());
        assertEquals("failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing \"abc\": "
                + "invalid syntax)", bad.getMessage());
        EngineException negative = assertThrows(EngineException.class, () -> svc.create(new NetworkCreateRequest(
                "m", "bridge", false, false, null, null, Map.of("com.docker.network.driver.mtu", "-5"), null)));
        assertEquals("invalid MTU number: -5", negative.getMessage());
        assertEquals(1400, svc.create(new NetworkCreateRequest("m", "bridge", false, false, null, null,
                Map.of("com.docker.network.driver.mtu", "1400"), null)).mtu());
    }
}
