package dev.jdock.daemon.network;

import dev.jdock.api.types.network.Ipam;
import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.api.FilterTime;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.network.firewall.FirewallState;
import dev.jdock.daemon.network.firewall.Iptables;
import dev.jdock.daemon.network.portmap.PublishedPort;
import dev.jdock.daemon.store.Failpoints;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network feature's facade: networks (create, find, remove, prune) and the state shared with
 * {@link NetworkAttachments}: the store, the kernel ops, the firewall. All changes are serialised on {@link #lock}.
 */
public final class NetworkService {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);
    private static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final SecureRandom RANDOM = new SecureRandom();

    final NetworkStore store;
    final ContainerStore containers;
    final BridgeOps ops;
    final Iptables iptables;
    final EventSink events;
    final NetworkNames names;
    final Object lock = new Object();
    private final Supplier<String> engineId;

    /** @param engineId the engine's ID (its IPv6 networks' default pool is derived from it: {@link UlaPool}) */
    public NetworkService(NetworkStore store, ContainerStore containers, BridgeOps ops, Iptables iptables,
            EventSink events, NetworkNames names, Supplier<String> engineId) {
        this.names = names;
        this.engineId = engineId;
        this.store = store;
        this.containers = containers;
        this.ops = ops;
        this.iptables = iptables;
        this.events = events;
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Loads the networks, creates the predefined ones, brings up the bridges and installs the firewall jumps. */
    public void boot() {
        store.load();
        ops.enableForwarding();
        if (byName("bridge").isEmpty()) {
            Subnet s = SubnetPicker.pick(takenSubnets()).orElseThrow(
                    () -> new IllegalStateException("no free address pool for the default bridge"));
            store.putNetwork(bridgeRecord("bridge", names.defaultBridge(), s, Ipv4.format(s.base() + 1), null, Map.of(),
                    false, false, Map.of(), defaultBridgeOptions(), false));
        }
        if (byName("host").isEmpty()) {
            store.putNetwork(special("host", "host"));
        }
        if (byName("none").isEmpty()) {
            store.putNetwork(special("none", "null"));
        }
        for (NetworkRecord n : store.networks()) {
            if (n.isBridge()) {
                bootBridge(n);
            }
        }
        iptables.ensureJumps(new FirewallState(List.of(), List.of()));
    }

    /**
     * A network's bridge at boot: recreated if gone (then jdock's), refused if its name now belongs to a link that is
     * not a bridge (logged; the link is left alone and the network has no bridge until it is fixed).
     */
    private void bootBridge(NetworkRecord n) {
        try {
            String creator = ops.ensureBridge(n);
            if (!creator.equals(n.bridgeCreator())) {
                store.putNetwork(n.withBridgeCreator(creator));
            }
            closeIpv6Forwarding();
        } catch (EngineException e) {
            LOG.error("network {}: {}", n.name(), e.getMessage());
        } catch (RuntimeException e) { // a bug: one network's bring-up never keeps the daemon from starting
            LOG.error("network {}: {}", n.name(), e.toString(), e);
        }
    }

    private Map<String, String> defaultBridgeOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("com.docker.network.bridge.default_bridge", "true");
        o.put("com.docker.network.bridge.enable_icc", "true");
        o.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        o.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        o.put("com.docker.network.bridge.name", names.defaultBridge());
        o.put("com.docker.network.driver.mtu", "1500");
        return o;
    }

    private static NetworkRecord special(String name, String driver) {
        return new NetworkRecord(newId(), name, driver, Instant.now().toString(), "", "", "", "", Map.of(), false,
                false, Map.of(), Map.of(), 0, true, false);
    }

    /** libnetwork's bridge driver: the MTU option, parsed with strconv.Atoi and refused below 0, with its texts. */
    static int mtu(String value) {
        int mtu;
        try {
            mtu = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            String why = value.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            throw EngineException.invalid("failed to parse com.docker.network.driver.mtu value: " + value
                    + " (strconv.Atoi: parsing \"" + value + "\": " + why + ")");
        }
        if (mtu < 0) {
            throw EngineException.invalid("invalid MTU number: " + mtu);
        }
        return mtu;
    }

    private static NetworkRecord bridgeRecord(String name, String bridge, Subnet s, String gateway, String range,
            Map<String, String> aux, boolean internal, boolean attachable, Map<String, String> labels,
            Map<String, String> options, boolean userSubnet) {
        int mtu = mtu(options.getOrDefault("com.docker.network.driver.mtu", "1500"));
        boolean icc = !"false".equals(options.get("com.docker.network.bridge.enable_icc"));
        return new NetworkRecord(newId(), name, "bridge", Instant.now().toString(), bridge, s.toString(), gateway,
                range, aux, internal, attachable, labels, options, mtu, icc, userSubnet);
    }

    List<Subnet> takenSubnets() {
        List<Subnet> taken = new ArrayList<>(ops.hostRoutes());
        for (NetworkRecord n : store.networks()) {
            if (n.hasIpam()) {
                taken.add(n.subnetValue());
            }
        }
        return taken;
    }

    public Collection<NetworkRecord> list() {
        return store.networks();
    }

    Optional<NetworkRecord> byName(String name) {
        for (NetworkRecord n : store.networksView()) { // no copy, no stream: ps asks it for every container
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** By exact name, exact ID, then unique ID prefix (Docker's order). */
    public Optional<NetworkRecord> find(String ref) {
        Optional<NetworkRecord> n = byName(ref);
        if (n.isPresent()) {
            return n;
        }
        n = store.network(ref);
        if (n.isPresent()) {
            return n;
        }
        List<NetworkRecord> m = store.networks().stream().filter(x -> x.id().startsWith(ref)).toList();
        if (m.size() > 1) {
            throw EngineException.invalid("network " + ref + " is ambiguous (" + m.size() + " matches found)");
        }
        return m.stream().findFirst();
    }

    public NetworkRecord get(String ref) {
        return find(ref).orElseThrow(() -> EngineException.notFound("network " + ref + " not found"));
    }

    /**
     * dockerd's answers (no swarm) to {@code --ingress}, {@code --scope swarm|global} and an IPAM driver it lacks.
     */
    private static void refuseSwarm(NetworkCreateRequest req, String driver) {
        if (Boolean.TRUE.equals(req.ingress())) {
            throw new EngineException(ErrorKind.FORBIDDEN, "Ingress network can only be global scope network");
        }
        if ("swarm".equals(req.scope())) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    "cannot create a swarm scoped network when swarm is not active");
        }
        if ("global".equals(req.scope())) {
            throw new EngineException(ErrorKind.FORBIDDEN, "This node is not a swarm manager. Use \"docker swarm "
                    + "init\" or \"docker swarm join\" to connect this node to swarm and try again.");
        }
        String ipamDriver = req.ipam() == null ? null : req.ipam().driver();
        if (ipamDriver != null && !ipamDriver.isEmpty() && !ipamDriver.equals(Ipam.DEFAULT_DRIVER)) {
            throw EngineException.notFound("plugin \"" + ipamDriver + "\" not found");
        }
    }

    public NetworkRecord create(NetworkCreateRequest req) {
        if (req == null || req.name() == null || req.name().isEmpty()) {
            throw EngineException.invalid("network name is required");
        }
        if (!VALID_NAME.matcher(req.name()).matches()) {
            throw EngineException.invalid("invalid network name \"" + req.name() + "\"");
        }
        String driver = req.driver() == null || req.driver().isEmpty() ? "bridge" : req.driver();
        refuseSwarm(req, driver);
        ConfigNetworks.validate(req);
        IpamChecks.validate(req.ipam() == null ? null : req.ipam().config(), // moby's ValidateIPAM
                Boolean.TRUE.equals(req.enableIpv6()));
        if (!driver.equals("bridge") && !driver.equals("macvlan")) {
            if (driver.equals("host") || driver.equals("null")) {
                throw new EngineException(ErrorKind.FORBIDDEN, "only one instance of \"" + driver
                        + "\" network is allowed");
            }
            throw EngineException.notFound("plugin \"" + driver + "\" not found");
        }
        if (Boolean.FALSE.equals(req.enableIpv4())) { // API 1.48
            throw EngineException.invalid(Boolean.TRUE.equals(req.enableIpv6())
                    ? "IPv6-only networks are not supported by jdock" : "IPv4 or IPv6 must be enabled");
        }
        synchronized (lock) {
            if (byName(req.name()).isPresent()) {
                throw EngineException.conflict("network with name " + req.name() + " already exists");
            }
            String from = ConfigNetworks.from(req);
            NetworkRecord n = newNetwork(req, driver, from.isEmpty() ? null : ConfigNetworks.lookup(this, from));
            if (n.configOnly()) { // a configuration: no bridge, no rules
                store.putNetwork(n);
                events.emit("network", "create", n.id(), Map.of("name", n.name(), "type", n.driver()));
                return n;
            }
            if (!n.isBridge()) {
                ops.checkMacvlanParent(n);
            }
            // recorded before its bridge exists: a write the disk refuses leaves nothing behind, and a daemon killed
            // from here on brings the bridge up at its start instead of leaving one no network owns
            if (n.isBridge()) {
                // a link that exists already is the user's, whatever the request's options say
                boolean exists = ops.linkExists(n.bridge());
                n = n.withBridgeCreator(exists ? NetworkRecord.BY_USER : NetworkRecord.BY_JDOCK);
            }
            store.putNetwork(n);
            try {
                if (n.isBridge()) {
                    ops.ensureBridge(n);
                    closeIpv6Forwarding();
                }
                applyFirewall();
            } catch (RuntimeException e) {
                undoCreate(n, e);
                throw e;
            }
            events.emit("network", "create", n.id(), Map.of("name", n.name(), "type", n.driver()));
            return n;
        }
    }

    /** After a bridge turned the host's IPv6 forwarding on: the ip6tables FORWARD policy DROP, as dockerd. */
    private void closeIpv6Forwarding() {
        if (ops.takeIpv6ForwardingTurnedOn()) {
            iptables.dropForwardedIpv6ByDefault();
        }
    }

    /**
     * Forgets a network whose creation failed after it was recorded, and its bridge if jdock made it;
     * failures are attached to {@code cause}.
     */
    private void undoCreate(NetworkRecord n, RuntimeException cause) {
        try {
            ops.releaseBridge(n);
            store.removeNetwork(n.id());
            applyFirewall();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A bridge network (its Linux bridge named by {@code com.docker.network.bridge.name} or {@code jd-<id>}) or a
     * macvlan one (on the host link {@code -o parent=}, {@code macvlan_mode} bridge unless given; no bridge, no NAT).
     * A config-only request makes a network of driver "null" that only holds its configuration (its pool is neither
     * checked against the others nor taken); {@code from}, when not null, is the config-only network whose
     * configuration this one takes.
     */
    private NetworkRecord newNetwork(NetworkCreateRequest req, String driver, NetworkRecord from) {
        boolean configOnly = Boolean.TRUE.equals(req.configOnly());
        Map<String, String> options = from != null ? from.options() : req.options() == null ? Map.of()
                : req.options();
        Map<String, String> labels = from != null ? from.labels() : req.labels();
        Map<String, String> ipamOptions = from != null ? from.ipamOptions() : req.ipam() == null ? null
                : req.ipam().options();
        if (driver.equals("macvlan") && !configOnly) {
            options = MacvlanOptions.normalise(options);
        }
        List<IpamConfig> all = req.ipam() == null || req.ipam().config() == null
                ? List.of() : req.ipam().config();
        List<IpamConfig> cfgs = all.stream().filter(c -> !isV6(c)).toList();
        List<IpamConfig> cfgs6 = all.stream().filter(NetworkService::isV6).toList();
        if (from != null && !from.subnet().isEmpty()) {
            cfgs = List.of(new IpamConfig(from.subnet(), from.ipRange(), from.gateway(), from.auxAddresses()));
        }
        if (cfgs.size() > 1) {
            throw EngineException.invalid("jdock supports one IPv4 address pool per network");
        }
        if (cfgs6.size() > 1) {
            throw EngineException.invalid("jdock supports one IPv6 address pool per network");
        }
        boolean ipv6 = Boolean.TRUE.equals(req.enableIpv6());
        if (ipv6 && configOnly) {
            throw EngineException.invalid("IPv6 configuration-only networks are not supported by jdock");
        }
        IpamConfig cfg = cfgs.isEmpty() ? null : cfgs.get(0);
        String id = newId();
        if (configOnly) {
            return configOnlyRecord(id, req.name(), cfg, labels, options, ipamOptions);
        }
        String bridge = driver.equals("macvlan") ? ""
                : options.getOrDefault("com.docker.network.bridge.name", "jd-" + id.substring(0, 12));
        if (bridge.length() > 15) {
            throw EngineException.invalid("bridge name " + bridge + " is longer than 15 characters");
        }
        for (NetworkRecord o : store.networks()) {
            if (!bridge.isEmpty() && bridge.equals(o.bridge())) {
                throw new EngineException(ErrorKind.FORBIDDEN, "cannot create network " + id + " (" + bridge
                        + "): conflicts with network " + o.id() + " (" + o.bridge()
                        + "): networks have same bridge name");
            }
        }
        Subnet subnet;
        boolean user = cfg != null && cfg.subnet() != null && !cfg.subnet().isEmpty();
        if (user) {
            subnet = Subnet.parse(cfg.subnet());
            for (NetworkRecord o : store.networks()) {
                if (o.hasIpam() && o.subnetValue().overlaps(subnet)) {
                    throw new EngineException(ErrorKind.FORBIDDEN, "invalid pool request: Pool overlaps with "
                            + "other one on this address space");
                }
            }
        } else {
            subnet = SubnetPicker.pick(takenSubnets()).orElseThrow(() -> new EngineException(
                    ErrorKind.FORBIDDEN, "all predefined address pools have been fully subnetted"));
        }
        String gw = cfg != null && cfg.gateway() != null && !cfg.gateway().isEmpty() ? cfg.gateway()
                : Ipv4.format(subnet.base() + 1);
        String range = cfg == null || cfg.ipRange() == null ? "" : cfg.ipRange();
        Map<String, String> aux = new LinkedHashMap<>(cfg == null || cfg.auxiliaryAddresses() == null ? Map.of()
                : cfg.auxiliaryAddresses());
        IpamConfig cfg6 = cfgs6.isEmpty() ? null : cfgs6.get(0);
        if (ipv6 && cfg6 != null && cfg6.auxiliaryAddresses() != null) { // unused without IPv6: not kept
            aux.putAll(cfg6.auxiliaryAddresses());
        }
        NetworkRecord n = bridgeRecord(req.name(), bridge, subnet, gw, range, aux, req.internal(),
                req.attachable(), labels, options, user);
        n.ipam(); // validates gateway, range and aux addresses
        n = new NetworkRecord(id, n.name(), driver, n.created(), n.bridge(), n.subnet(), n.gateway(),
                n.ipRange(), n.auxAddresses(), n.internal(), n.attachable(), n.labels(), n.options(), n.mtu(),
                n.icc(), n.userDefinedSubnet(), null, ipamOptions, false, from == null ? "" : from.name());
        if (ipv6) {
            return withIpv6Pool(n, cfg6);
        }
        // moby keeps an IPv6 pool given without --ipv6 as it was given, unchecked and unused (inspect shows it)
        return cfg6 == null ? n : n.withIpv6(false, nz(cfg6.subnet()), nz(cfg6.gateway()), nz(cfg6.ipRange()), true);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** libnetwork's bridge driver's validateIPv6Subnet: no multicast subnet, none overlapping fe80::/64. */
    private static void checkBridgeSubnet6(Subnet6 s6) {
        if ((s6.base().hi() >>> 56) == 0xff) {
            throw EngineException.invalid("multicast subnet '" + s6 + "' is not allowed");
        }
        Subnet6 linkLocal = Subnet6.parse("fe80::/64");
        if (s6.overlaps(linkLocal) && !s6.equals(linkLocal)) {
            throw EngineException.invalid("'" + s6 + "' clashes with the Link-Local prefix 'fe80::/64'");
        }
    }

    /** A pool of the IPv6 family (every pool has a subnet here: IpamChecks refused one without). */
    private static boolean isV6(IpamConfig c) {
        return c.subnet() != null && c.subnet().indexOf(':') >= 0;
    }

    /**
     * {@code n} with its IPv6 pool: the subnet given (refused when it overlaps another network's), else the first free
     * /64 of the engine's ULA prefix; the gateway given, else the subnet's first address after the anycast one.
     */
    private NetworkRecord withIpv6Pool(NetworkRecord n, IpamConfig cfg6) {
        boolean user = cfg6 != null; // with its subnet (IpamChecks)
        List<Subnet6> taken = new ArrayList<>();
        for (NetworkRecord o : store.networks()) {
            if (o.hasIpv6()) {
                taken.add(o.subnet6Value());
            }
        }
        Subnet6 s6;
        if (user) {
            s6 = Subnet6.parse(cfg6.subnet());
            checkBridgeSubnet6(s6);
            if (taken.stream().anyMatch(t -> t.overlaps(s6))) {
                throw new EngineException(ErrorKind.FORBIDDEN, "invalid pool request: Pool overlaps with "
                        + "other one on this address space");
            }
        } else {
            s6 = UlaPool.pick(UlaPool.base(engineId.get()), taken).orElseThrow(() -> new EngineException(
                    ErrorKind.FORBIDDEN, "all predefined address pools have been fully subnetted"));
        }
        String gw6 = user && cfg6.gateway() != null && !cfg6.gateway().isEmpty()
                ? Ip6.parse(cfg6.gateway()).toString() : s6.base().plus(1).toString();
        String range6 = user && cfg6.ipRange() != null ? cfg6.ipRange() : "";
        NetworkRecord out = n.withIpv6(true, s6.toString(), gw6, range6, user);
        out.ipam6(); // validates gateway, range and aux addresses
        return out;
    }

    /** A config-only network: its pool as given (validated as a network's would be; no gateway chosen). */
    private static NetworkRecord configOnlyRecord(String id, String name, IpamConfig cfg, Map<String, String> labels,
            Map<String, String> options, Map<String, String> ipamOptions) {
        String subnet = "";
        String gw = "";
        String range = "";
        Map<String, String> aux = Map.of();
        if (cfg != null && cfg.subnet() != null && !cfg.subnet().isEmpty()) {
            Subnet s = Subnet.parse(cfg.subnet());
            subnet = s.toString();
            gw = cfg.gateway() == null ? "" : cfg.gateway();
            range = cfg.ipRange() == null ? "" : cfg.ipRange();
            aux = cfg.auxiliaryAddresses() == null ? Map.of() : cfg.auxiliaryAddresses();
            bridgeRecord(name, "", s, gw.isEmpty() ? Ipv4.format(s.base() + 1) : gw, range, aux, false, false,
                    labels, options, true).ipam(); // validates gateway, range and aux addresses
        } else if (cfg != null && ((cfg.gateway() != null && !cfg.gateway().isEmpty())
                || (cfg.ipRange() != null && !cfg.ipRange().isEmpty()))) {
            throw EngineException.invalid("every ip-range or gateway must have a corresponding subnet");
        }
        int mtu = mtu(options.getOrDefault("com.docker.network.driver.mtu", "1500"));
        return new NetworkRecord(id, name, "null", Instant.now().toString(), "", subnet, gw, range, aux, false,
                false, labels, options, mtu, !"false".equals(options.get("com.docker.network.bridge.enable_icc")),
                !subnet.isEmpty(), null, ipamOptions, true, "");
    }

    static boolean predefined(NetworkRecord n) {
        return Set.of("bridge", "host", "none").contains(n.name());
    }

    public void remove(String ref) {
        synchronized (lock) {
            NetworkRecord n = get(ref);
            if (predefined(n)) {
                throw new EngineException(ErrorKind.FORBIDDEN, n.name()
                        + " is a pre-defined network and cannot be removed");
            }
            ConfigNetworks.checkRemovable(this, n);
            if (!users(n).isEmpty()) {
                throw new EngineException(ErrorKind.FORBIDDEN, "error while removing network: network " + n.name()
                        + " id " + n.id() + " has active endpoints");
            }
            delete(n);
        }
    }

    /**
     * The bridge goes before the record: a daemon killed in between finds the network at its start (its bridge made
     * again) and the next rm finishes it; the reverse order left a bridge that no network owns, for good.
     */
    private void delete(NetworkRecord n) {
        ops.releaseBridge(n);
        Failpoints.reach("network.bridge-released");
        store.removeNetwork(n.id());
        applyFirewall();
        events.emit("network", "destroy", n.id(), Map.of("name", n.name(), "type", n.driver()));
    }

    /**
     * IDs of the containers with an active endpoint on {@code n} (started: an address assigned, until the stop). As
     * libnetwork's endpoint count: a stopped container keeps its endpoint's configuration but has no endpoint, so it
     * holds no network back from rm and prune (its start then fails {@code network X not found}, as moby's).
     */
    List<String> users(NetworkRecord n) {
        List<String> out = new ArrayList<>();
        for (ContainerNet cn : store.containers()) {
            if (cn.endpoints().values().stream().anyMatch(e -> e.networkId().equals(n.id()) && e.isActive())) {
                out.add(cn.containerId());
            }
        }
        return out;
    }

    /** {@code POST /networks/prune}: unused networks matching the labels and created before {@code until}. */
    public List<String> prune(Filters filters) {
        filters.validate(Set.of("label", "label!", "until"));
        Instant until = filters.values("until").isEmpty() ? null
                : FilterTime.parse(filters.values("until").iterator().next(), Instant.now());
        List<String> deleted = new ArrayList<>();
        synchronized (lock) {
            for (NetworkRecord n : store.networks()) {
                if (until != null && !Instant.parse(n.created()).isBefore(until)) {
                    continue;
                }
                // moby's prune leaves config-only networks alone
                if (!predefined(n) && !n.configOnly() && users(n).isEmpty() && NetworkViews.labelsMatch(n, filters)) {
                    delete(n);
                    deleted.add(n.name());
                }
            }
        }
        return deleted;
    }

    /** Rewrites jdock's iptables chains for the current bridges and published ports. Call with {@link #lock}. */
    void applyFirewall() {
        List<FirewallState.Bridge> bridges = new ArrayList<>();
        Map<String, NetworkRecord> byId = new LinkedHashMap<>();
        for (NetworkRecord n : store.networks()) {
            if (n.isBridge()) {
                bridges.add(new FirewallState.Bridge(n.bridge(), n.subnet(), n.internal(), n.icc(),
                        n.hasIpv6() ? n.subnet6() : ""));
                byId.put(n.id(), n);
            }
        }
        List<FirewallState.Port> ports = new ArrayList<>();
        for (ContainerNet cn : store.containers()) {
            Optional<Endpoint> first = cn.endpoints().values().stream().filter(Endpoint::isActive).findFirst();
            if (first.isEmpty() || !byId.containsKey(first.get().networkId())) {
                continue;
            }
            NetworkRecord n = byId.get(first.get().networkId());
            for (PublishedPort p : cn.ports()) {
                ports.add(new FirewallState.Port(n.bridge(), p.proto(), p.hostIp(), p.hostPort(), first.get().ip(),
                        p.containerPort()));
            }
        }
        try {
            iptables.apply(new FirewallState(bridges, ports));
        } catch (IllegalStateException e) {
            LOG.error("applying firewall rules: {}", e.getMessage());
            throw EngineException.system("applying firewall rules: " + e.getMessage(), e);
        }
    }

    Optional<Container> container(String id) {
        return containers.find(id);
    }
}
