package dev.jdock.daemon.network;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.NetworkSettings;
import dev.jdock.api.types.container.Port;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerNetworking;
import dev.jdock.daemon.container.JoinedNamespaces;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.network.dns.ContainerDns;
import dev.jdock.daemon.network.portmap.PortInUseException;
import dev.jdock.daemon.network.portmap.PortPublisher;
import dev.jdock.daemon.network.portmap.PortRequest;
import dev.jdock.daemon.network.portmap.PublishedPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers on networks: endpoints recorded at create, configured in the held process's netns before START
 * (addresses from IPAM, veths, routes, published ports, firewall, /etc/hosts and resolv.conf, embedded DNS), and
 * released at exit. Implements the container feature's {@link ContainerNetworking} seam.
 */
public final class NetworkAttachments implements ContainerNetworking {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkAttachments.class);
    /** moby 28's errSetupNetworking: the words before every error of a start's network setup. */
    static final String SETUP_FAILED = "failed to set up container networking: ";

    private final NetworkService net;
    private final PortPublisher ports;
    private final ContainerDns dns;
    private final NetworkFiles files;
    private final Links links;
    /** {@link #modeEndpoint}'s, by network ID (host and none: predefined, so at most a few). */
    private final Map<String, ModeEndpoint> modeEndpoints = new ConcurrentHashMap<>();

    public NetworkAttachments(NetworkService net, PortPublisher ports, ContainerDns dns, NetworkFiles files) {
        this.net = net;
        this.ports = ports;
        this.dns = dns;
        this.files = files;
        this.links = new Links(net);
    }

    Links links() {
        return links;
    }

    NetworkService service() {
        return net;
    }

    static String mode(HostConfig hc) {
        String m = hc == null || hc.networkMode() == null ? "" : hc.networkMode();
        return m.isEmpty() || m.equals("default") ? "bridge" : m;
    }

    static boolean ownNetns(String mode) {
        return !mode.equals("host") && !mode.startsWith("container:");
    }

    @Override
    public void validateCreate(ContainerCreateRequest req) {
        String mode = mode(req.hostConfig());
        links.validateCreate(mode, req.hostConfig());
        if (req.networkingConfig() != null && req.networkingConfig().endpointsConfig() != null) {
            req.networkingConfig().endpointsConfig().values().forEach(EndpointOptions::check);
        }
        if (mode.startsWith("container:")) {
            // moby: the container is looked up at start (a 404 at create would make the docker CLI pull the image)
            if (mode.length() == "container:".length()) {
                throw EngineException.invalid("Invalid network mode: invalid container format container:<name|id>");
            }
        } else if (!mode.equals("host") && !mode.equals("none") && net.find(mode).isPresent()) {
            // a network that does not exist (yet) is no error here: moby looks it up at start (404 there; a 404
            // at create would make the docker CLI pull the image instead of naming the network)
            NetworkRecord n = net.get(mode);
            EndpointSettings es = endpointConfig(req, n);
            String ip = requestedIp(es);
            if (!ip.isEmpty() && (n.isDefaultBridge() || !n.userDefinedSubnet())) {
                throw EngineException.invalid("user specified IP address is supported only when connecting to "
                        + "networks with user configured subnets");
            }
            if (!ip.isEmpty()) {
                Ipv4.parse(ip); // dockerd refuses a malformed address at create, not at start
            }
            EndpointOptions.checkIp6(n, es);
        }
        HostConfig hc = req.hostConfig();
        if (hc != null) {
            PortRequest.of(hc.portBindings(), hc.publishAllPorts(), req.exposedPorts()); // refuses bad specs
        }
    }

    private static EndpointSettings endpointConfig(ContainerCreateRequest req, NetworkRecord n) {
        if (req.networkingConfig() == null || req.networkingConfig().endpointsConfig() == null) {
            return null;
        }
        Map<String, EndpointSettings> m = req.networkingConfig().endpointsConfig();
        EndpointSettings es = m.get(n.name());
        if (es == null && n.isDefaultBridge()) {
            es = m.get("default");
        }
        return es != null ? es : m.get(n.id());
    }

    static String requestedIp(EndpointSettings es) {
        return es == null || es.ipamConfig() == null || es.ipamConfig().ipv4Address() == null ? ""
                : es.ipamConfig().ipv4Address();
    }

    @Override
    public void created(Container c, ContainerCreateRequest req) {
        String mode = mode(req.hostConfig());
        if (mode.startsWith("container:")) {
            return; // moby's updateContainerNetworkSettings records none for it: it ignores the others
        }
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        Map<String, EndpointSettings> more = req.networkingConfig() == null
                || req.networkingConfig().endpointsConfig() == null ? Map.of()
                : req.networkingConfig().endpointsConfig();
        // moby (API 1.44+) records every network the create names, under the name given when it does not exist
        // (yet): the start looks each up and fails on a missing one. none and host are recorded only beside others
        // (the start refuses the mix as moby's).
        Optional<NetworkRecord> modeNet = lookup(mode);
        if (modeNet.isPresent()) {
            eps.put(modeNet.get().name(), newEndpoint(modeNet.get(), endpointConfig(req, modeNet.get())));
        } else if (!more.isEmpty()) {
            eps.put(mode, newEndpoint("", more.get(mode)));
        }
        for (Map.Entry<String, EndpointSettings> e : more.entrySet()) {
            String key = e.getKey().equals("default") ? "bridge" : e.getKey();
            Optional<NetworkRecord> o = lookup(key);
            String name = o.map(NetworkRecord::name).orElse(key);
            if (!eps.containsKey(name)) {
                eps.put(name, newEndpoint(o.map(NetworkRecord::id).orElse(""), e.getValue()));
            }
        }
        boolean alone = eps.size() < 2 && modeNet.map(NetworkAttachments::sharesNoStack).orElse(false);
        if (eps.isEmpty() || alone) {
            return; // none, host, container:<x>: nothing to record (stateOf derives it), no file and no fsync
        }
        synchronized (net.lock) {
            net.store.putContainer(new ContainerNet(c.id(), eps, List.of(), ""),
                    modeNet.isPresent() && derivable(modeNet.get(), eps));
        }
    }

    /** The network {@code ref} names, if any: an ambiguous one counts as missing here (moby ignores it at create). */
    Optional<NetworkRecord> lookup(String ref) {
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        try {
            return net.find(ref);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    /** The host and none networks: no stack of the container's own (moby's host type, and its none by name). */
    private static boolean sharesNoStack(NetworkRecord n) {
        return n.driver().equals("host") || n.driver().equals("null");
    }

    /**
     * moby (API 1.44+) records every endpoint a create names and connects them at start, where updateNetworkSettings
     * refuses a network beside the host's (not private) or beside none; the container-mode ones are never recorded
     * (updateContainerNetworkSettings), so a {@code container:<x>} container ignores the others. The words of the
     * refusal for a container in {@code mode} recorded on {@code others} besides its own network.
     */
    static Optional<String> startConflict(String mode, List<NetworkRecord> others) {
        if (others.isEmpty() || mode.startsWith("container:")) {
            return Optional.empty();
        }
        if (mode.equals("host") || others.stream().anyMatch(o -> o.driver().equals("host"))) {
            return Optional.of(NetworkConnections.SHARED);
        }
        if (mode.equals("none") || others.stream().anyMatch(o -> o.name().equals("none"))) {
            return Optional.of(NetworkConnections.NONE);
        }
        return Optional.empty();
    }

    /** {@link #startConflict} for {@code c} as recorded: a 400 before anything of its start is made. */
    private void refuseMixedModes(Container c, String mode) {
        Optional<ContainerNet> cn = net.store.container(c.id());
        if (cn.isEmpty() || cn.get().endpoints().size() < 2) {
            return;
        }
        NetworkRecord own = net.find(mode).orElse(null);
        List<NetworkRecord> others = new ArrayList<>();
        for (Map.Entry<String, Endpoint> e : cn.get().endpoints().entrySet()) {
            Optional<NetworkRecord> n = e.getValue().networkId().isEmpty() ? lookup(e.getKey())
                    : net.store.network(e.getValue().networkId()); // one missing fails the start later, 404
            n.filter(x -> own == null || !x.id().equals(own.id())).ifPresent(others::add);
        }
        startConflict(mode, others).ifPresent(m -> {
            throw EngineException.invalid(SETUP_FAILED + m); // moby 28: in updateNetworkSettings, at start
        });
    }

    /**
     * Whether {@link #stateOf} would derive these endpoints again without a file (but for the endpoint's ID, which is
     * shown only while it runs): the one endpoint, on the default bridge (never removed), without any setting.
     */
    static boolean derivable(NetworkRecord modeNet, Map<String, Endpoint> eps) {
        if (!modeNet.isDefaultBridge() || eps.size() != 1) {
            return false;
        }
        Endpoint e = eps.get(modeNet.name());
        Endpoint plain = newEndpoint(modeNet, null);
        return e != null && e.equals(new Endpoint(plain.networkId(), e.endpointId(), plain.requestedIp(),
                plain.aliases(), plain.ip(), plain.mac(), plain.hostVeth(), plain.ifName(), plain.requestedMac(),
                plain.links(), plain.linkLocalIps(), plain.driverOpts(), plain.gwPriority(), plain.ip6(),
                plain.requestedIp6()));
    }

    static Endpoint newEndpoint(NetworkRecord n, EndpointSettings es) {
        return newEndpoint(n.id(), es);
    }

    /** An endpoint configured as {@code es} on network {@code networkId} (empty: a network not found, by name). */
    static Endpoint newEndpoint(String networkId, EndpointSettings es) {
        List<String> aliases = es == null || es.aliases() == null ? List.of() : es.aliases();
        String mac = es == null || es.macAddress() == null ? "" : es.macAddress();
        return new Endpoint(networkId, NetworkService.newId(), requestedIp(es), aliases, "", "", "", "", mac,
                EndpointOptions.links(es), EndpointOptions.linkLocalIps(es), EndpointOptions.driverOpts(es),
                es == null ? 0 : es.gwPriority(), "", EndpointOptions.requestedIp6(es));
    }

    @Override
    public Optional<Path> joinNetns(Container c, JoinedNamespaces joined) {
        String mode = mode(c.record().hostConfig());
        refuseMixedModes(c, mode);
        if (mode.equals("host")) {
            return Optional.of(Path.of("/proc/self/ns/net"));
        }
        if (mode.startsWith("container:")) {
            Container other = networkedContainer(c, mode.substring("container:".length()));
            return Optional.of(joined.open(other, "net", () -> notRunning(other)));
        }
        return Optional.empty();
    }

    /**
     * moby 28's getNetworkedContainer (moby#49367): the container whose namespace {@code c} joins, running. The
     * lookup is at start (moby validates none at create), so a missing or own one is the daemon's error (500), one
     * not running a 409 naming it and its state, one restarting a 409 as moby's errContainerIsRestarting.
     */
    private Container networkedContainer(Container c, String ref) {
        Container other;
        try {
            other = net.container(ref).orElseThrow(() -> EngineException.noSuchContainer(ref));
        } catch (EngineException e) {
            throw EngineException.system("joining network namespace of container: " + e.getMessage(), e);
        }
        if (other.id().equals(c.id())) {
            throw EngineException.system("cannot join own network namespace", null);
        }
        if (other.state().status() == dev.jdock.api.types.container.ContainerStatus.RESTARTING) {
            throw EngineException.conflict("cannot join network namespace of container: Container " + ref
                    + " is restarting, wait until the container is running");
        }
        if (!other.isRunning()) {
            throw notRunning(other);
        }
        return other;
    }

    private static EngineException notRunning(Container other) {
        return EngineException.conflict("cannot join network namespace of a non running container: container "
                + other.name() + " is " + other.state().status().wire());
    }

    /**
     * The endpoint a host or none container shows (the network's ID alone, the same for all of them): made once per
     * network record, not for every container ps lists. At most one entry per such network.
     */
    EndpointSettings modeEndpoint(NetworkRecord n) {
        ModeEndpoint m = modeEndpoints.get(n.id());
        if (m == null || m.network() != n) {
            m = new ModeEndpoint(n, EndpointSettings.builder().networkId(n.id()).build());
            modeEndpoints.put(n.id(), m);
        }
        return m.settings();
    }

    private record ModeEndpoint(NetworkRecord network, EndpointSettings settings) {
    }

    /** No lambdas here: ps asks it for every container on a network, and a capture costs the interpreter dearly. */
    ContainerNet stateOf(Container c) {
        Optional<ContainerNet> stored = net.store.container(c.id());
        if (stored.isPresent()) {
            return stored.get();
        }
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        String mode = mode(c.record().hostConfig());
        if (ownNetns(mode) && !mode.equals("none")) {
            Optional<NetworkRecord> n = lookup(mode);
            if (n.isPresent()) {
                eps.put(n.get().name(), newEndpoint(n.get(), null));
            } else { // as moby records it: under the name given, no network ID (its start fails, 404)
                eps.put(mode, newEndpoint("", null));
            }
        }
        return new ContainerNet(c.id(), eps, List.of(), "");
    }

    @Override
    public void attach(Container c, String nsPath) {
        String mode = mode(c.record().hostConfig());
        if (!ownNetns(mode) || mode.equals("none")) {
            if (!mode.startsWith("container:")) {
                checkRecordedNetworks(c);
            }
            if (c.record().podLink() == null) { // a pod's containers get the sandbox's files, not their own
                files.write(c, mode, List.of(), false);
            }
            return;
        }
        links.hostsLines(c, true);
        List<Active> plugged = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            List<Active> active = activate(c);
            long t1 = System.nanoTime();
            String gateway = gateway(active).orElse(null);
            String gateway6 = gateway6(active).orElse(null);
            for (Active a : active) {
                net.ops.addEndpoint(a.network(), nsPath, a.endpoint().hostVeth(), a.endpoint().ifName(),
                        Ipv4.parse(a.endpoint().ip()), ip6(a.endpoint()), Macs.parse(a.endpoint().mac()),
                        a.network().name().equals(gateway), a.network().name().equals(gateway6));
                plugged.add(a);
                net.ops.addLinkLocal(nsPath, a.endpoint().ifName(), EndpointOptions.linkLocalAddresses(a.endpoint()));
            }
            long t2 = System.nanoTime();
            publish(c, active);
            long t3 = System.nanoTime();
            boolean userNet = active.stream().anyMatch(a -> !a.network().isDefaultBridge());
            files.write(c, mode, addresses(active.stream().map(Active::endpoint).toList()), userNet,
                    links.hostsLines(c, false));
            if (userNet && dns != null) {
                dns.start(c.id(), nsPath);
            }
            // moby: each network the starting container joins emits "network connect" (before its "start")
            active.forEach(a -> networkEvent("connect", a.network(), c));
            if (LOG.isDebugEnabled()) {
                LOG.debug("network attach of {}: {} ms (ipam {} ms, veth+netlink {} ms, ports+firewall {} ms, "
                        + "files+dns {} ms)", c.id(), ms(System.nanoTime() - t0), ms(t1 - t0), ms(t2 - t1),
                        ms(t3 - t2), ms(System.nanoTime() - t3));
            }
        } catch (RuntimeException e) {
            throw failedAttach(c, nsPath, plugged, e);
        }
    }

    /**
     * Undoes a start's networking that failed midway: the interfaces made so far go (a start may fail with the netns
     * still alive), then what {@link #detach} releases; the error to report.
     */
    private RuntimeException failedAttach(Container c, String nsPath, List<Active> plugged, RuntimeException e) {
        for (Active a : plugged) {
            try {
                net.ops.removeEndpoint(nsPath, a.endpoint().ifName());
            } catch (RuntimeException x) {
                LOG.debug("removing {} of {}: {}", a.endpoint().ifName(), c.id(), x.getMessage());
            }
        }
        detach(c);
        if (e instanceof PortInUseException) {
            return EngineException.system(SETUP_FAILED + "driver failed programming "
                    + "external connectivity on endpoint " + c.name() + " (" + endpointIdOf(c) + "): "
                    + e.getMessage(), e);
        }
        if (e instanceof EngineException ee) {
            return setupFailed(ee);
        }
        return EngineException.system(SETUP_FAILED + e.getMessage(), e);
    }

    private void networkEvent(String action, NetworkRecord n, Container c) {
        net.events.emit("network", action, n.id(), Map.of("name", n.name(), "type", n.driver(), "container", c.id()));
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private String endpointIdOf(Container c) {
        return stateOf(c).endpoints().values().stream().map(Endpoint::endpointId).findFirst().orElse("");
    }

    /** An endpoint with its address assigned, and its network. */
    record Active(NetworkRecord network, Endpoint endpoint) {
    }

    /**
     * The network of {@code active} that gives the default gateway ({@link GatewayChoice}); a network without a
     * gateway address counts as internal.
     */
    static Optional<String> gateway(List<Active> active) {
        return GatewayChoice.choose(active.stream().map(a -> new GatewayChoice.Candidate(a.network().name(),
                a.network().internal() || a.network().gateway() == null || a.network().gateway().isEmpty(),
                a.endpoint().gwPriority())).toList());
    }

    /**
     * The network that gives the IPv6 default route, chosen as {@link #gateway} among the endpoints with an IPv6
     * address (moby 28's sandbox has a gateway endpoint per family: an IPv4-only network that gives the IPv4 route
     * leaves the IPv6 one to an IPv6 network).
     */
    static Optional<String> gateway6(List<Active> active) {
        return GatewayChoice.choose(active.stream().map(a -> new GatewayChoice.Candidate(a.network().name(),
                a.network().internal() || !a.network().hasIpv6() || a.endpoint().ip6().isEmpty(),
                a.endpoint().gwPriority())).toList());
    }

    /** Assigns addresses, veth and interface names to every endpoint and persists them before any kernel work. */
    private List<Active> activate(Container c) {
        synchronized (net.lock) {
            ContainerNet cn = resolved(c, stateOf(c));
            Map<String, Endpoint> eps = new LinkedHashMap<>();
            List<Active> out = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Endpoint> e : cn.endpoints().entrySet()) {
                NetworkRecord n = net.store.network(e.getValue().networkId()).orElse(null);
                if (n != null) {
                    ConfigNetworks.checkEndpoint(n);
                }
                if (n == null || !n.hasIpam()) {
                    continue;
                }
                Endpoint ep = assign(n, e.getValue(), "eth" + i++);
                eps.put(n.name(), ep);
                net.store.putContainer(cn.withEndpoints(merge(cn.endpoints(), eps)));
                out.add(new Active(n, ep));
            }
            return out;
        }
    }

    /**
     * Every network of the container is looked up at start, as moby's allocateNetwork connects each recorded endpoint
     * (connectToNetwork, findAndAttachNetwork): its NetworkMode's first, then the others. One recorded under a name
     * that named no network then (a create's or a stopped container's connect), or removed since (another ID now), is
     * the network of that name now, with the configuration kept; one missing still is 404 {@code network X not
     * found}, before any kernel work (the start adds moby 28's words). Call with the lock held.
     */
    private ContainerNet resolved(Container c, ContainerNet cn) {
        String mode = mode(c.record().hostConfig());
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        boolean changed = false;
        if (ownNetns(mode) && !mode.equals("none")) {
            NetworkRecord n = net.get(mode);
            if (!cn.endpoints().containsKey(n.name())
                    && cn.endpoints().values().stream().noneMatch(e -> e.networkId().equals(n.id()))) {
                eps.put(n.name(), newEndpoint(n, null)); // a network made after the container (none recorded)
                changed = true;
            }
        }
        for (Map.Entry<String, Endpoint> e : cn.endpoints().entrySet()) {
            NetworkRecord n = networkOf(e.getKey(), e.getValue());
            Endpoint ep = e.getValue();
            if (!ep.networkId().equals(n.id()) || !e.getKey().equals(n.name())) {
                ep = ep.onNetwork(n.id());
                changed = true;
            }
            eps.putIfAbsent(n.name(), ep);
        }
        if (!changed) {
            return cn;
        }
        ContainerNet updated = cn.withEndpoints(eps);
        net.store.putContainer(updated);
        return updated;
    }

    /** The network of the endpoint recorded under {@code name}: by its ID, else by that name; 404 when neither. */
    private NetworkRecord networkOf(String name, Endpoint ep) {
        Optional<NetworkRecord> n = ep.networkId().isEmpty() ? Optional.empty() : net.store.network(ep.networkId());
        return n.isPresent() ? n.get() : net.get(name);
    }

    /**
     * For a host or none container (no endpoint of its own to make): each other network it is recorded on must exist
     * at start, as moby's connectToNetwork looks each up; 404 in moby 28's words otherwise.
     */
    private void checkRecordedNetworks(Container c) {
        Optional<ContainerNet> cn = net.store.container(c.id());
        if (cn.isEmpty()) {
            return;
        }
        try {
            cn.get().endpoints().forEach(this::networkOf);
        } catch (EngineException e) {
            throw setupFailed(e);
        }
    }

    /** moby 28's initializeCreatedTask: an error of allocateNetwork in its words, its kind (status) kept. */
    static EngineException setupFailed(EngineException e) {
        return e.getMessage().startsWith(SETUP_FAILED) ? e
                : new EngineException(e.kind(), SETUP_FAILED + e.getMessage(), e);
    }

    private static Map<String, Endpoint> merge(Map<String, Endpoint> base, Map<String, Endpoint> updates) {
        Map<String, Endpoint> m = new LinkedHashMap<>(base);
        m.putAll(updates);
        return m;
    }

    /** The addresses of the active endpoints for /etc/hosts: each one's IPv4 address, then its IPv6 one (moby's). */
    static List<String> addresses(Collection<Endpoint> eps) {
        List<String> out = new ArrayList<>();
        for (Endpoint e : eps) {
            if (e.isActive()) {
                out.add(e.ip());
                if (!e.ip6().isEmpty()) {
                    out.add(e.ip6());
                }
            }
        }
        return out;
    }

    /** The endpoint's IPv6 address, null when it has none. */
    static Ip6 ip6(Endpoint e) {
        return e.ip6().isEmpty() ? null : Ip6.parse(e.ip6());
    }

    /**
     * Addresses (requested or next free; an IPv6 one too on an IPv6 network), MAC and names for one endpoint. Call
     * with the lock held.
     */
    Endpoint assign(NetworkRecord n, Endpoint ep, String ifName) {
        List<Integer> used = new ArrayList<>();
        List<Ip6> used6 = new ArrayList<>();
        for (ContainerNet o : net.store.containers()) {
            for (Endpoint x : o.endpoints().values()) {
                if (x.networkId().equals(n.id()) && x.isActive()) {
                    used.add(Ipv4.parse(x.ip()));
                    if (!x.ip6().isEmpty()) {
                        used6.add(Ip6.parse(x.ip6()));
                    }
                }
            }
        }
        int ip = ep.requestedIp().isEmpty() ? n.ipam().allocate(used) // refuse with their kinds and texts
                : n.ipam().request(Ipv4.parse(ep.requestedIp()), used);
        String ip6 = "";
        if (n.hasIpv6() && net.ops.ipv6Available()) { // a host booted without IPv6: the network's IPv4 side only
            Ipam6 ipam6 = n.ipam6();
            ip6 = (ep.requestedIp6().isEmpty() ? ipam6.allocate(used6)
                    : ipam6.request(Ip6.parse(ep.requestedIp6()), used6)).toString();
        }
        String veth = "veth" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(1);
        String mac = ep.requestedMac().isEmpty() ? Ipv4.macString(ip) : Macs.normalize(ep.requestedMac());
        return ep.activated(Ipv4.format(ip), ip6, mac, veth, ifName);
    }

    private void publish(Container c, List<Active> active) {
        HostConfig hc = c.record().hostConfig();
        List<PortRequest> reqs = PortRequest.of(hc.portBindings(), hc.publishAllPorts(),
                c.record().config().exposedPorts());
        // macvlan has no port mapping in Docker: the container is reached at its own address on the parent's LAN
        if (reqs.isEmpty() || active.isEmpty() || active.get(0).network().internal()
                || active.get(0).network().isMacvlan()) {
            synchronized (net.lock) {
                net.applyFirewall();
            }
            return;
        }
        List<PublishedPort> published = ports.publish(c.id(), reqs, active.get(0).endpoint().ip());
        synchronized (net.lock) {
            net.store.putContainer(stateOf(c).withPorts(published));
            net.applyFirewall();
        }
    }

    @Override
    public void detach(Container c) {
        ports.unpublish(c.id());
        if (dns != null) {
            dns.stop(c.id());
        }
        synchronized (net.lock) {
            Optional<ContainerNet> cn = net.store.container(c.id());
            if (cn.isEmpty()) {
                return;
            }
            Map<String, Endpoint> eps = new LinkedHashMap<>();
            cn.get().endpoints().forEach((k, v) -> eps.put(k, v.deactivated()));
            net.store.putContainer(cn.get().withEndpoints(eps).withPorts(List.of()));
            // moby: each network the stopped container leaves emits "network disconnect"
            cn.get().endpoints().values().stream().filter(Endpoint::isActive)
                    .forEach(ep -> net.store.network(ep.networkId()).ifPresent(n -> networkEvent("disconnect", n, c)));
            try {
                net.applyFirewall();
            } catch (RuntimeException e) {
                LOG.warn("firewall after {} stopped: {}", c.id(), e.getMessage());
            }
        }
    }

    @Override
    public void removed(Container c) {
        synchronized (net.lock) {
            net.store.removeContainer(c.id());
        }
    }

    @Override
    public NetworkSettings settings(Container c) {
        return NetworkViews.settings(this, c, stateOf(c));
    }

    @Override
    public List<String> inspectLinks(Container c) {
        return links.inspectLinks(c);
    }

    @Override
    public List<String> linkEnv(Container c) {
        return links.env(c);
    }

    @Override
    public Optional<List<String>> withoutLink(Container parent, String alias) {
        return Links.without(parent, alias);
    }

    @Override
    public void linksChanged(Container c) {
        if (!c.isRunning() || !mode(c.record().hostConfig()).equals("bridge")) {
            return;
        }
        ContainerNet cn = stateOf(c);
        files.write(c, "bridge", addresses(cn.endpoints().values()), false, links.hostsLines(c, false));
    }

    @Override
    public List<Port> ports(Container c) {
        Optional<ContainerNet> stored = net.store.container(c.id()); // without one, stateOf's has no ports either
        return NetworkViews.summaryPorts(net.store, c, stored.orElse(null));
    }

    @Override
    public Map<String, EndpointSettings> networks(Container c) {
        String mode = mode(c.record().hostConfig());
        if (mode.equals("host") || mode.equals("none")) { // no state to make: their endpoint is the network's
            Optional<ContainerNet> stored = net.store.container(c.id()); // recorded beside others: all shown
            return stored.isPresent() ? NetworkViews.endpoints(this, c, stored.get())
                    : NetworkViews.modeEndpoint(this, mode);
        }
        return NetworkViews.endpoints(this, c, stateOf(c));
    }
}
