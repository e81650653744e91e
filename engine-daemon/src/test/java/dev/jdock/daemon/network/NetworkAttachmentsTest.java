package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.Port;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import dev.jdock.daemon.network.netlink.Netlink;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's networking at start and exit against the in-memory kernel: the veth pair with its container end in
 * the container's netns, the address and default route there, published ports (real loopback sockets in 47010-47019),
 * firewall rules, DNS and files; a start that fails midway leaves nothing behind.
 */
class NetworkAttachmentsTest {
    private static final String HOST = FakeNetlink.HOST;
    private static final String ID = "c0ffee".repeat(10) + "c0ff";
    private static final int PID = 4242;

    /** The path the runtime hands attach: its descriptor of the held process's namespace (here, by pid). */
    private static String netns(int pid) {
        return "/proc/" + pid + "/ns/net";
    }

    @TempDir
    Path root;

    private NetworkTestbed bed;
    private NetworkAttachments att;

    @BeforeEach
    void boot() throws IOException {
        bed = new NetworkTestbed(root);
        bed.service.boot();
        att = bed.attachments;
    }

    @AfterEach
    void close() {
        bed.close();
    }

    private static Map<String, List<PortBinding>> publish(int hostPort) {
        return Map.of("80/tcp", List.of(new PortBinding("127.0.0.1", String.valueOf(hostPort))));
    }

    private ContainerNet state(Container c) {
        return bed.service.store.container(c.id()).orElseThrow();
    }

    private static boolean bound(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (BindException e) {
            return true;
        }
    }

    private List<String> hostVeths() {
        return bed.kernel.links(HOST).stream().filter(l -> l.startsWith("veth")).toList();
    }

    @Test
    void derivable_onlyThePlainEndpointOnTheDefaultBridge() {
        NetworkRecord bridge = bed.service.get("bridge");
        Endpoint plain = NetworkAttachments.newEndpoint(bridge, null);
        assertTrue(NetworkAttachments.derivable(bridge, Map.of("bridge", plain)));
        Endpoint aliased = new Endpoint(bridge.id(), plain.endpointId(), "", List.of("a"), "", "", "", "");
        assertFalse(NetworkAttachments.derivable(bridge, Map.of("bridge", aliased)), "a setting is no default");
        Endpoint mac = new Endpoint(bridge.id(), plain.endpointId(), "", List.of(), "", "", "", "", "02:42:00:00:00:09");
        assertFalse(NetworkAttachments.derivable(bridge, Map.of("bridge", mac)));
        NetworkRecord user = bed.service.create(bed.bridgeRequest("u1", "10.213.62.0/24"));
        assertFalse(NetworkAttachments.derivable(user, Map.of("u1", NetworkAttachments.newEndpoint(user, null))),
                "a user network may be removed while the container is only created: its endpoint is recorded");
    }

    @Test
    void attach_defaultBridge_plugsAVethIntoTheNetns_withAddressRouteAndFiles() throws IOException {
        Container c = bed.create(ID, "", Map.of());
        String ns = bed.hold(c, PID);
        att.attach(c, netns(PID));

        Endpoint ep = state(c).endpoints().get("bridge");
        assertEquals("172.17.0.2", ep.ip());
        FakeNetlink.Link host = bed.kernel.link(HOST, ep.hostVeth()).orElseThrow();
        assertEquals(bed.kernel.link(HOST, bed.names.defaultBridge()).orElseThrow().index, host.master);
        assertTrue(host.up && host.hairpin);
        FakeNetlink.Link eth0 = bed.kernel.link(ns, "eth0").orElseThrow();
        assertEquals(host, eth0.peer);
        assertTrue(eth0.up && bed.kernel.link(ns, "lo").orElseThrow().up);
        assertEquals(List.of(new Netlink.Address(Ipv4.inet(Ipv4.parse("172.17.0.2")), 16)), eth0.addresses);
        assertTrue(eth0.ipv6Disabled, "no IPv6 on an endpoint without an IPv6 address (moby 26+)");
        assertArrayEquals(Ipv4.mac(Ipv4.parse("172.17.0.2")), eth0.mac);
        assertEquals(Ipv4.inet(Ipv4.parse("172.17.0.1")), bed.kernel.defaultRoute(ns).orElseThrow().gateway());
        assertTrue(Files.readString(c.dir().resolve("hosts")).contains("172.17.0.2\t"));
        assertEquals(List.of(), bed.dns.started, "no embedded DNS on the default bridge");
        assertEquals(List.of("connect"), bed.actions("network"));
    }

    @Test
    void attach_userNetworkWithAPort_publishesIt_startsDns_andDetachReleasesAll() throws IOException {
        NetworkRecord front = bed.service.create(bed.bridgeRequest("front", "10.213.60.0/24"));
        Container c = bed.create(ID, "front", publish(47011));
        String ns = bed.hold(c, PID);
        att.attach(c, netns(PID));

        assertEquals("10.213.60.2", state(c).endpoints().get("front").ip());
        assertEquals(List.of(ID + " " + ns), bed.dns.started);
        assertTrue(bound(47011));
        assertEquals(47011, state(c).ports().get(0).hostPort());
        assertTrue(bed.commands.lastBatch().contains("--dport 47011"), bed.commands.lastBatch());
        assertTrue(bed.kernel.link(HOST, state(c).endpoints().get("front").hostVeth()).orElseThrow().master
                == bed.kernel.link(HOST, front.bridge()).orElseThrow().index);

        att.detach(c);
        assertFalse(bound(47011), "the host port is free again");
        assertEquals(List.of(ID), bed.dns.stopped);
        assertFalse(state(c).endpoints().get("front").isActive());
        assertEquals(List.of(), state(c).ports());
        assertFalse(bed.commands.lastBatch().contains("47011"));
        assertEquals(List.of("create", "connect", "disconnect"), bed.actions("network"));
        bed.kernel.destroyNetns(ns); // the container's last process is gone: the kernel deletes the pair
        assertEquals(List.of(), hostVeths());
    }

    /**
     * A starting container's name resolves from its endpoint's join (moby's service records), before its state says
     * running: a process resolving its own name at once found none; after the detach it is gone.
     */
    @Test
    void dnsName_resolvesFromTheJoin_beforeRunning_untilTheDetach() throws IOException {
        bed.service.create(bed.bridgeRequest("front", "10.213.63.0/24"));
        Container c = bed.create(ID, "front", Map.of());
        bed.kernel.addNetns(netns(PID)); // launched, START not yet answered: the record is not running
        att.attach(c, netns(PID));
        NetworkDnsResolver dns = new NetworkDnsResolver(bed.service, bed.files);
        assertFalse(c.isRunning());
        assertEquals(List.of("10.213.63.2"), texts(dns.lookup(ID, c.name() + ".")));
        att.detach(c);
        assertEquals(null, dns.lookup(ID, c.name()));
    }

    /**
     * moby reports a container's exposed ports (ps, inspect's Ports with null) from the endpoint that reaches outside:
     * a container on an internal network alone, or with network mode none, shows none.
     */
    /** The addresses a resolver answered, as text. */
    private static List<String> texts(List<byte[]> addresses) {
        return addresses.stream().map(io.netty.util.NetUtil::bytesToIpAddress).toList();
    }

    @Test
    void attach_ipv6Network_givesEachEndpointAnIpv6Address_shownResolvedAndInHosts() throws IOException {
        NetworkRecord six = bed.service.create(bed.ipv6Request("six", "10.213.64.0/24", "fd00:64::/64"));
        Container a = bed.create(ID, "six", Map.of());
        String nsA = bed.hold(a, PID);
        att.attach(a, netns(PID));
        Container b = bed.create("d0ffee".repeat(10) + "d0ff", "six", Map.of());
        bed.hold(b, PID + 10);
        att.attach(b, netns(PID + 10));

        assertEquals("fd00:64::2", state(a).endpoints().get("six").ip6());
        assertEquals("fd00:64::3", state(b).endpoints().get("six").ip6());
        FakeNetlink.Link br = bed.kernel.link(HOST, six.bridge()).orElseThrow();
        assertEquals(List.of(new Netlink.Address6(Ip6.parse("fd00:64::1").inet(), 64)), br.addresses6);
        assertTrue(bed.kernel.ipv6Forwarding() && bed.kernel.ipv6EnabledLinks().contains(six.bridge()));
        FakeNetlink.Link eth0 = bed.kernel.link(nsA, "eth0").orElseThrow();
        assertEquals(List.of(new Netlink.Address6(Ip6.parse("fd00:64::2").inet(), 64)), eth0.addresses6);
        assertFalse(eth0.ipv6Disabled);
        assertEquals(Ip6.parse("fd00:64::1").inet(), bed.kernel.defaultRoute6(nsA).orElseThrow().gateway());
        assertTrue(bed.commands.lastBatch6().contains("-s fd00:64::/64 ! -o " + six.bridge() + " -j MASQUERADE"),
                bed.commands.lastBatch6());
        EndpointSettings shown = att.networks(a).get("six");
        assertEquals("fd00:64::2", shown.globalIpv6Address());
        assertEquals(64, shown.globalIpv6PrefixLen());
        assertEquals("fd00:64::1", shown.ipv6Gateway());
        assertEquals(null, shown.ipamConfig(), "no --ip6 asked");
        assertTrue(Files.readString(a.dir().resolve("hosts")).contains("10.213.64.2\t" + a.record().config()
                .hostname() + "\nfd00:64::2\t" + a.record().config().hostname() + "\n"));
        NetworkDnsResolver dns = new NetworkDnsResolver(bed.service, bed.files);
        assertEquals(List.of("10.213.64.3", "fd00:64::3"), texts(dns.lookup(ID, b.name())));
        dev.jdock.api.types.network.Network inspected = NetworkViews.inspect(bed.service, six, true);
        assertTrue(inspected.enableIpv6());
        assertEquals(List.of("10.213.64.0/24", "fd00:64::/64"), inspected.ipam().config().stream()
                .map(IpamConfig::subnet).toList());
        assertEquals("fd00:64::2/64", inspected.containers().get(ID).ipv6Address());
        att.detach(a);
        assertEquals("", state(a).endpoints().get("six").ip6(), "released at the stop");
    }

    @Test
    void attach_ipv6Network_honoursIp6_andRefusesItWhereMobyDoes() throws IOException {
        bed.service.create(bed.ipv6Request("six", "10.213.65.0/24", "fd00:65::/64"));
        bed.service.create(bed.ipv6Request("ula", "10.213.66.0/24", null));
        EndpointSettings wants = EndpointSettings.builder().ipamConfig(new dev.jdock.api.types.container
                .EndpointIpamConfig(null, "fd00:65::99", null)).build();
        Container c = bed.createOn(ID, "bridge", List.of());
        bed.connections.connect("six", ID, wants); // recorded for the start
        bed.hold(c, PID);
        att.attach(c, netns(PID));
        assertEquals("fd00:65::99", state(c).endpoints().get("six").ip6());
        assertEquals("fd00:65::99", att.networks(c).get("six").ipamConfig().ipv6Address());
        EngineException e = assertThrows(EngineException.class, () -> bed.connections.connect("ula", ID, wants));
        assertEquals(EndpointOptions.NO_SUBNET, e.getMessage(), "a pool's default subnet takes no --ip6");
        EndpointSettings outside = EndpointSettings.builder().ipamConfig(new dev.jdock.api.types.container
                .EndpointIpamConfig(null, "fd00:66::5", null)).build();
        e = assertThrows(EngineException.class, () -> bed.connections.connect("six", ID, outside));
        assertEquals("no configured subnet or ip-range contain the IP address fd00:66::5", e.getMessage());
    }

    @Test
    void exposedPorts_shownOnlyWithAnEndpointThatReachesOut() throws IOException {
        bed.service.create(bed.bridgeRequest("front", "10.213.61.0/24"));
        bed.service.create(new NetworkCreateRequest("inner", "bridge", true, false, null,
                bed.bridgeRequest("inner", "10.213.62.0/24").ipam(), null, null));
        String[] ids = {ID, "d0ffee".repeat(10) + "d0ff", "e0ffee".repeat(10) + "e0ff"};
        String[] modes = {"front", "inner", "none"};
        List<List<Port>> seen = new java.util.ArrayList<>();
        List<Map<String, List<PortBinding>>> inspected = new java.util.ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Container c = bed.create(ids[i], modes[i], null, List.of("80/tcp"));
            bed.hold(c, PID + 10 * i);
            att.attach(c, netns(PID + 10 * i));
            seen.add(att.ports(c));
            inspected.add(att.settings(c).ports());
        }
        assertEquals(List.of(new Port(null, 80, null, "tcp")), seen.get(0));
        assertTrue(inspected.get(0).containsKey("80/tcp") && inspected.get(0).get("80/tcp") == null);
        assertEquals(List.of(List.of(), List.of()), seen.subList(1, 3));
        assertEquals(List.of(Map.of(), Map.of()), inspected.subList(1, 3));
    }

    /** moby: a container in another's network namespace has no sandbox of its own (SandboxID and SandboxKey ""). */
    @Test
    void containerMode_hasNoSandboxOfItsOwn() throws IOException {
        Container donor = bed.create(ID, "bridge", null);
        bed.hold(donor, PID);
        att.attach(donor, netns(PID));
        Container joiner = bed.create("d0ffee".repeat(10) + "d0ff", "container:" + ID, null);
        bed.hold(joiner, PID + 10);
        att.attach(joiner, netns(PID + 10));
        assertEquals("", att.settings(joiner).sandboxId());
        assertEquals("", att.settings(joiner).sandboxKey());
        assertEquals(ID, att.settings(donor).sandboxId());
        assertEquals("/proc/" + PID + "/ns/net", att.settings(donor).sandboxKey());
    }

    /** moby 28's getNetworkedContainer (moby#49367): its words and status codes, at start. */
    @Test
    void containerMode_missingOwnStoppedOrRestartingDonor_asMoby28() {
        dev.jdock.daemon.container.JoinedNamespaces joined = new dev.jdock.daemon.container.JoinedNamespaces(root);
        Container missing = bed.create("d1".repeat(32), "container:nosuch", null);
        EngineException e = assertThrows(EngineException.class, () -> att.joinNetns(missing, joined));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("joining network namespace of container: No such container: nosuch", e.getMessage());
        Container own = bed.create("d2".repeat(32), "container:" + "d2".repeat(32), null);
        e = assertThrows(EngineException.class, () -> att.joinNetns(own, joined));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("cannot join own network namespace", e.getMessage());
        Container donor = bed.create(ID, "bridge", null);
        Container joiner = bed.create("d3".repeat(32), "container:" + donor.name(), null);
        e = assertThrows(EngineException.class, () -> att.joinNetns(joiner, joined));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("cannot join network namespace of a non running container: container " + donor.name()
                + " is created", e.getMessage());
        bed.containers.update(donor, donor.state().restarting());
        e = assertThrows(EngineException.class, () -> att.joinNetns(joiner, joined));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("cannot join network namespace of container: Container " + donor.name()
                + " is restarting, wait until the container is running", e.getMessage());
    }

    @Test
    void attach_portTaken_rollsBackEverythingMadeSoFar() throws IOException {
        Container c = bed.create(ID, "bridge", publish(47012));
        String ns = bed.hold(c, PID);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 47012));
            EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID)));
            assertEquals(ErrorKind.SYSTEM, e.kind());
            assertTrue(e.getMessage().startsWith("failed to set up container networking: driver failed programming "
                    + "external connectivity on endpoint " + c.name() + " ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("Bind for 127.0.0.1:47012 failed: port is already allocated"));
        }
        assertEquals(List.of("lo"), bed.kernel.links(ns), "the netns is as the runtime made it");
        assertEquals(List.of(), hostVeths());
        assertFalse(state(c).endpoints().get("bridge").isActive());
        assertEquals(List.of(), state(c).ports());
        assertFalse(bed.commands.lastBatch().contains("172.17.0.2"));
        assertEquals(List.of(), bed.dns.started);
    }

    @Test
    void attach_secondNetworkFailing_removesTheFirstOnesInterface() {
        NetworkRecord back = bed.service.create(bed.bridgeRequest("back", "10.213.61.0/24"));
        bed.service.create(bed.bridgeRequest("front", "10.213.60.0/24"));
        Container c = bed.create(ID, "front", Map.of());
        bed.connections.connect("back", ID, null);
        String ns = bed.hold(c, PID);
        try (Netlink.Session s = bed.kernel.open()) {
            s.deleteLink(back.bridge()); // gone behind the daemon's back
        }
        EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID)));
        assertEquals("failed to set up container networking: bridge " + back.bridge() + " is missing (errno 19)",
                e.getMessage());
        assertEquals(List.of("lo"), bed.kernel.links(ns));
        assertEquals(List.of(), hostVeths());
        assertTrue(state(c).endpoints().values().stream().noneMatch(Endpoint::isActive));
    }

    @Test
    void attach_networkMissingAtStart_is404_andTouchesNothing() {
        Container c = bed.create(ID, "front", Map.of()); // moby looks the network up at start, not at create
        String ns = bed.hold(c, PID);
        EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("failed to set up container networking: network front not found", e.getMessage());
        assertEquals(List.of("lo"), bed.kernel.links(ns));
        assertEquals(List.of(), hostVeths());
    }

    /**
     * A network removed while its container is stopped (moby's rm allows it: no endpoint) fails the next start with
     * 404; made again under that name (a new ID), the container's next start gets an endpoint on the new one, not the
     * removed network's kept endpoint (which left it without a network).
     */
    @Test
    void attach_networkRemovedWhileStopped_is404_thenTheNewNetworkOfThatName() {
        bed.service.create(bed.bridgeRequest("front", "10.213.60.0/24"));
        Container c = bed.create(ID, "front", Map.of());
        bed.hold(c, PID);
        att.attach(c, netns(PID));
        att.detach(c);
        bed.service.remove("front");
        EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID + 1)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("failed to set up container networking: network front not found", e.getMessage());

        NetworkRecord again = bed.service.create(bed.bridgeRequest("front", "10.213.62.0/24"));
        bed.hold(c, PID + 2);
        att.attach(c, netns(PID + 2));
        Endpoint ep = state(c).endpoints().get("front");
        assertEquals(again.id(), ep.networkId());
        assertEquals("10.213.62.2", ep.ip());
        assertEquals(1, state(c).endpoints().size());

        // stopped again, its network removed and made again: a connect to the new one replaces the kept endpoint
        att.detach(c);
        bed.containers.update(c, ContainerRunState.created());
        bed.service.remove("front");
        NetworkRecord third = bed.service.create(bed.bridgeRequest("front", "10.213.63.0/24"));
        bed.connections.connect("front", ID, null);
        assertEquals(third.id(), state(c).endpoints().get("front").networkId());
        // a stopped container connected again: no error, its first settings kept (moby's "avoid duplicate config")
        bed.connections.connect("front", ID, null);
        assertEquals(third.id(), state(c).endpoints().get("front").networkId());
        assertEquals(1, state(c).endpoints().size());
    }

    /**
     * moby looks the container up first: a missing container and a missing network is "No such container" (dockerd
     * 20.10 beside jdockd); a disconnect with force of a missing container looks the network up, then its endpoint.
     */
    @Test
    void connectAndDisconnect_missingContainerAndNetwork_theContainerFirst() {
        bed.service.create(bed.bridgeRequest("back", "10.213.61.0/24"));
        EngineException e = assertThrows(EngineException.class, () -> bed.connections.connect("nonet", "noc", null));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("No such container: noc", e.getMessage());
        e = assertThrows(EngineException.class, () -> bed.connections.disconnect("nonet", "noc", false));
        assertEquals("No such container: noc", e.getMessage());
        e = assertThrows(EngineException.class, () -> bed.connections.disconnect("nonet", "noc", true));
        assertEquals("network nonet not found", e.getMessage());
        e = assertThrows(EngineException.class, () -> bed.connections.disconnect("back", "noc", true));
        assertEquals("endpoint noc not found", e.getMessage());
        Container c = bed.create(ID, "", Map.of());
        bed.hold(c, PID); // a running container's connect looks the network up (a stopped one's records it)
        e = assertThrows(EngineException.class, () -> bed.connections.connect("nonet", ID, null));
        assertEquals("network nonet not found", e.getMessage());
    }

    /**
     * moby (API 1.44+) records every network a create names, one missing under the name given (no network ID), and
     * looks each up at start: 404 in moby 28's words before anything is made; made since, it is joined.
     */
    @Test
    void created_onAMissingNetworkBesideAnother_recordsBoth_theStartIs404_untilItExists() {
        bed.service.create(bed.bridgeRequest("front", "10.213.60.0/24"));
        Container c = bed.createOn(ID, "front", List.of("front", "later"));
        assertEquals(List.of("front", "later"), List.copyOf(state(c).endpoints().keySet()));
        assertEquals("", state(c).endpoints().get("later").networkId());
        Map<String, EndpointSettings> shown = att.networks(c);
        assertEquals(List.of("front", "later"), List.copyOf(shown.keySet()), "inspect shows both, as moby");
        assertEquals("", shown.get("later").networkId());
        assertEquals("", shown.get("front").networkId(), "never started: no NetworkID, as moby's create records it");
        assertEquals(null, shown.get("front").dnsNames());

        String ns = bed.hold(c, PID);
        EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("failed to set up container networking: network later not found", e.getMessage());
        assertEquals(List.of("lo"), bed.kernel.links(ns));
        assertEquals(List.of(), hostVeths());

        NetworkRecord later = bed.service.create(bed.bridgeRequest("later", "10.213.61.0/24"));
        bed.hold(c, PID + 1);
        att.attach(c, netns(PID + 1));
        assertEquals(later.id(), state(c).endpoints().get("later").networkId());
        assertEquals("10.213.61.2", state(c).endpoints().get("later").ip());
        assertEquals("10.213.60.2", state(c).endpoints().get("front").ip());
        assertEquals(later.id(), att.networks(c).get("later").networkId(), "started: the operational fields");
    }

    /**
     * moby's ConnectToNetwork of a container not running to a network that does not exist: kept under the name
     * given, no event; the start is 404; a disconnect by that name takes it away, again is moby's 500.
     */
    @Test
    void connect_ofAStoppedContainerToAMissingNetwork_isKept_itsStartIs404_andDisconnectForgetsIt() {
        Container c = bed.create(ID, "", Map.of());
        bed.connections.connect("nosuch", ID, EndpointSettings.builder().aliases(List.of("a1")).build());
        bed.connections.connect("nosuch", ID, null);
        assertEquals(List.of("bridge", "nosuch"), List.copyOf(att.networks(c).keySet()));
        assertEquals(List.of("a1"), att.networks(c).get("nosuch").aliases(), "the first settings kept");
        assertEquals("", att.networks(c).get("nosuch").networkId());
        assertEquals(List.of(), bed.actions("network"), "no event");

        bed.hold(c, PID);
        EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("failed to set up container networking: network nosuch not found", e.getMessage());
        bed.containers.update(c, ContainerRunState.created());

        bed.connections.disconnect("nosuch", ID, false);
        assertEquals(List.of("bridge"), List.copyOf(att.networks(c).keySet()));
        e = assertThrows(EngineException.class, () -> bed.connections.disconnect("nosuch", ID, false));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("container " + ID + " is not connected to the network nosuch", e.getMessage());
        bed.hold(c, PID + 1);
        att.attach(c, netns(PID + 1));
        assertEquals("172.17.0.2", state(c).endpoints().get("bridge").ip());
    }

    /** A host or none container recorded on another network that is missing: its start is 404 too (moby 28). */
    @Test
    void noneBesideAMissingNetwork_theStartIs404() {
        Container c = bed.createOn(ID, "none", List.of("none", "nosuch"));
        assertEquals(List.of("none", "nosuch"), List.copyOf(att.networks(c).keySet()));
        att.joinNetns(c, new dev.jdock.daemon.container.JoinedNamespaces(root)); // no conflict: nosuch is no network
        EngineException e = assertThrows(EngineException.class, () -> att.attach(c, netns(PID)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("failed to set up container networking: network nosuch not found", e.getMessage());
    }

    @Test
    void connectAndDisconnect_ofARunningContainer_addAndRemoveItsInterface() {
        bed.service.create(bed.bridgeRequest("back", "10.213.61.0/24"));
        Container c = bed.create(ID, "", Map.of());
        String ns = bed.hold(c, PID);
        att.attach(c, netns(PID));
        bed.connections.connect("back", ID, null);
        FakeNetlink.Link eth1 = bed.kernel.link(ns, "eth1").orElseThrow();
        assertEquals(List.of(new Netlink.Address(Ipv4.inet(Ipv4.parse("10.213.61.2")), 24)), eth1.addresses);
        assertEquals(eth1.index, bed.kernel.defaultRoute(ns).orElseThrow().oif(),
                "moby's order at equal GwPriority: \"back\" sorts before \"bridge\" and takes the default route");

        bed.connections.disconnect("back", ID, false);
        assertEquals(List.of("lo", "eth0"), bed.kernel.links(ns));
        assertEquals(1, hostVeths().size());
        assertEquals(bed.kernel.link(ns, "eth0").orElseThrow().index, bed.kernel.defaultRoute(ns).orElseThrow()
                .oif(), "the gateway's endpoint gone, the next network gives the default route");
    }

    /** API 1.48 GwPriority: the highest priority gives the default route, at start and at a live connect. */
    @Test
    void gwPriority_choosesTheDefaultRoute() {
        bed.service.create(bed.bridgeRequest("back", "10.213.61.0/24"));
        bed.service.create(bed.bridgeRequest("zed", "10.213.62.0/24"));
        Container c = bed.create(ID, "zed", Map.of());
        bed.connections.connect("back", ID, EndpointSettings.builder().gwPriority(-1).build());
        String ns = bed.hold(c, PID);
        att.attach(c, netns(PID));
        int zed = bed.kernel.link(ns, "eth0").orElseThrow().index;
        assertEquals(zed, bed.kernel.defaultRoute(ns).orElseThrow().oif(), "back's -1 loses to zed's 0");
        bed.connections.connect("bridge", ID, EndpointSettings.builder().gwPriority(5).build());
        assertEquals(bed.kernel.link(ns, "eth2").orElseThrow().index, bed.kernel.defaultRoute(ns).orElseThrow()
                .oif(), "a live connect with a higher priority takes the default route over");
        assertEquals(5, state(c).endpoints().get("bridge").gwPriority());
    }

    /**
     * moby 28 picks each family's gateway endpoint apart: an IPv4-only network that wins the IPv4 default route
     * leaves the IPv6 one to an IPv6 network, at the start, at a live connect and after a disconnect.
     */
    @Test
    void ipv6DefaultRoute_isChosenAmongTheIpv6NetworksOnly() {
        bed.service.create(bed.bridgeRequest("aaa4", "10.213.61.0/24")); // sorts first: the IPv4 gateway
        bed.service.create(bed.ipv6Request("six", "10.213.62.0/24", "fd00:62::/64"));
        bed.service.create(bed.ipv6Request("zix", "10.213.63.0/24", "fd00:63::/64"));
        Container c = bed.create(ID, "six", Map.of());
        bed.connections.connect("aaa4", ID, null);
        String ns = bed.hold(c, PID);
        att.attach(c, netns(PID));
        int six = bed.kernel.link(ns, "eth0").orElseThrow().index;
        int aaa4 = bed.kernel.link(ns, "eth1").orElseThrow().index;
        assertEquals(aaa4, bed.kernel.defaultRoute(ns).orElseThrow().oif());
        assertEquals(six, bed.kernel.defaultRoute6(ns).orElseThrow().oif(), "the IPv6 route from the IPv6 network");
        assertEquals(Ip6.parse("fd00:62::1").inet(), bed.kernel.defaultRoute6(ns).orElseThrow().gateway());

        bed.connections.connect("zix", ID, EndpointSettings.builder().gwPriority(5).build());
        int zix = bed.kernel.link(ns, "eth2").orElseThrow().index;
        assertEquals(zix, bed.kernel.defaultRoute(ns).orElseThrow().oif(), "a higher priority takes both over");
        assertEquals(zix, bed.kernel.defaultRoute6(ns).orElseThrow().oif());
        bed.connections.disconnect("zix", ID, false);
        assertEquals(aaa4, bed.kernel.defaultRoute(ns).orElseThrow().oif(), "each family back to its next");
        assertEquals(six, bed.kernel.defaultRoute6(ns).orElseThrow().oif());

        bed.connections.disconnect("six", ID, false);
        assertTrue(bed.kernel.defaultRoute6(ns).isEmpty(), "no IPv6 network left");
        bed.connections.connect("six", ID, null);
        assertEquals(aaa4, bed.kernel.defaultRoute(ns).orElseThrow().oif(), "the IPv4 route stays with aaa4");
        assertEquals(bed.kernel.link(ns, "eth0").orElseThrow().index, bed.kernel.defaultRoute6(ns).orElseThrow()
                .oif(), "a live connect of the only IPv6 network gives the IPv6 route");
    }

    @Test
    void aContainerWithoutNetworksOfItsOwn_writesNoRecord_andReadsAsNone() {
        Container c = bed.create(ID, "none", Map.of());
        assertFalse(Files.exists(bed.root.resolve("network/containers/" + c.id() + ".json")),
                "no file, no fsync on such a create");
        assertTrue(att.stateOf(c).endpoints().isEmpty());
        att.attach(c, netns(PID));
        att.detach(c);
        assertTrue(att.stateOf(c).endpoints().isEmpty());
    }

    /**
     * moby at API 1.44+: a create naming host or none beside another network is taken, its start refused before
     * anything is made (updateNetworkSettings' words, 400); a container-mode one ignores the others.
     */
    @Test
    void severalNetworksWithHostOrNone_createdButTheStartIsRefused() {
        String[][] cases = {{"none", "host", NetworkConnections.SHARED}, {"host", "none", NetworkConnections.SHARED},
            {"bridge", "host", NetworkConnections.SHARED}, {"none", "bridge", NetworkConnections.NONE},
            {"bridge", "none", NetworkConnections.NONE}};
        int i = 0;
        for (String[] k : cases) {
            String id = Integer.toHexString(0xa0 + i++).repeat(32);
            Container c = bed.createOn(id, k[0], List.of(k[0], k[1]));
            assertEquals(List.of(k[0], k[1]), List.copyOf(att.stateOf(c).endpoints().keySet()), "both recorded");
            Map<String, EndpointSettings> shown = att.networks(c);
            assertEquals(List.of(k[0], k[1]), List.copyOf(shown.keySet()), "inspect shows both, as moby 28");
            assertTrue(shown.values().stream().allMatch(x -> x.networkId().isEmpty() && x.endpointId().isEmpty()),
                    "never started: the create's settings only");
            EngineException e = assertThrows(EngineException.class,
                    () -> att.joinNetns(c, new dev.jdock.daemon.container.JoinedNamespaces(root)), k[0] + "+" + k[1]);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertEquals("failed to set up container networking: " + k[2], e.getMessage(), k[0] + "+" + k[1]);
        }
        Container alone = bed.createOn("b1".repeat(32), "none", List.of("none"));
        assertTrue(att.stateOf(alone).endpoints().isEmpty(), "none alone: no record, as before");
        Container joiner = bed.createOn("b2".repeat(32), "container:" + alone.id(), List.of("none"));
        assertTrue(att.stateOf(joiner).endpoints().isEmpty());
        assertEquals(java.util.Optional.empty(), NetworkAttachments.startConflict("container:x",
                List.of(bed.service.get("none"))));
        assertEquals(java.util.Optional.empty(), NetworkAttachments.startConflict("bridge",
                List.of(bed.service.create(bed.bridgeRequest("other", "10.213.62.0/24")))));
    }

    /** The create writes /etc/hostname unsynced: a start writes it again when a power cut left it empty or gone. */
    @Test
    void attach_restoresAnEmptyOrMissingHostnameFile_andLeavesOneWithContent() throws IOException {
        Container c = bed.create(ID, "none", Map.of());
        Path hostname = c.dir().resolve("hostname");
        Files.writeString(hostname, "");
        att.attach(c, netns(PID));
        assertEquals(c.record().config().hostname() + "\n", Files.readString(hostname));
        Files.delete(hostname);
        att.attach(c, netns(PID));
        assertEquals(c.record().config().hostname() + "\n", Files.readString(hostname));
        Files.writeString(hostname, "kept\n");
        att.attach(c, netns(PID));
        assertEquals("kept\n", Files.readString(hostname));
    }
}
