package dev.jdock.daemon.network;

import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.network.dns.ContainerDns;
import dev.jdock.daemon.network.portmap.PortPublisher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /networks/{id}/connect|disconnect} on created and running containers, and the restore after a daemon
 * restart: what running containers need is brought back (proxies, DNS, rules) and what a crash left is removed.
 */
public final class NetworkConnections {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnections.class);

    private final NetworkService net;
    private final NetworkAttachments att;
    private final PortPublisher ports;
    private final ContainerDns dns;
    private final NetworkFiles files;
    private final ContainerNetns.Opener netns;

    /** @param netns how a running container's namespace is opened ({@link ContainerNetns#verified}) */
    NetworkConnections(NetworkService net, NetworkAttachments att, PortPublisher ports, ContainerDns dns,
            NetworkFiles files, ContainerNetns.Opener netns) {
        this.net = net;
        this.att = att;
        this.ports = ports;
        this.dns = dns;
        this.files = files;
        this.netns = netns;
    }

    private Container container(String ref) {
        return net.container(ref).orElseThrow(() -> EngineException.noSuchContainer(ref));
    }

    public void connect(String netRef, String containerRef, EndpointSettings cfg) {
        Container c = container(containerRef); // moby's ConnectContainerToNetwork: the container first
        String mode = NetworkAttachments.mode(c.record().hostConfig());
        if (!c.isRunning() && !mode.startsWith("container:") && att.lookup(netRef).isEmpty()) {
            recordMissing(c, netRef, cfg);
            return;
        }
        NetworkRecord n = net.get(netRef);
        ConfigNetworks.checkEndpoint(n);
        checkConnect(mode, c.isRunning(), att.stateOf(c).endpoints().keySet(), n);
        EndpointOptions.check(cfg);
        if (!NetworkAttachments.requestedIp(cfg).isEmpty() && !n.userDefinedSubnet()) {
            throw EngineException.invalid("user specified IP address is supported only when connecting to "
                    + "networks with user configured subnets");
        }
        EndpointOptions.checkIp6(n, cfg);
        dev.jdock.daemon.container.MacAddresses.check(cfg == null ? null : cfg.macAddress());
        synchronized (net.lock) {
            ContainerNet cn = att.stateOf(c);
            Endpoint kept = cn.endpoints().get(n.name());
            // one kept of a network of that name removed since (another ID; a stopped container) is replaced
            if (kept != null && kept.networkId().equals(n.id())) {
                if (!c.isRunning()) {
                    return; // moby's updateNetworkSettings: "avoid duplicate config", the first settings kept
                }
                throw new EngineException(ErrorKind.FORBIDDEN, "endpoint with name " + c.name()
                        + " already exists in network " + n.name());
            }
            Endpoint ep = NetworkAttachments.newEndpoint(n, cfg);
            if (c.isRunning()) {
                ep = att.assign(n, ep, freeIfName(cn));
            }
            Map<String, Endpoint> eps = new LinkedHashMap<>(cn.endpoints());
            eps.put(n.name(), ep);
            net.store.putContainer(cn.withEndpoints(eps));
            if (!c.isRunning()) {
                return; // recorded for its start, which connects it (and says so): moby emits nothing now
            }
            plug(c, n, ep, eps);
        }
        net.events.emit("network", "connect", n.id(), Map.of("name", n.name(), "type", n.driver(),
                "container", c.id()));
    }

    /**
     * moby's ConnectToNetwork for a container not running and a network that does not exist: no error, the endpoint
     * kept under the name given (no network ID, no check of its settings, no event) for its start, which looks it up
     * again: 404 while it is still missing. Again under that name: the first settings kept.
     */
    private void recordMissing(Container c, String name, EndpointSettings cfg) {
        synchronized (net.lock) {
            ContainerNet cn = att.stateOf(c);
            if (cn.endpoints().containsKey(name)) {
                return;
            }
            Map<String, Endpoint> eps = new LinkedHashMap<>(cn.endpoints());
            eps.put(name, NetworkAttachments.newEndpoint("", cfg));
            net.store.putContainer(cn.withEndpoints(eps));
        }
    }

    static final String SHARED = "container sharing network namespace with another container or host cannot be "
            + "connected to any other network";
    static final String HOST = "container cannot be disconnected from host network or connected to host network";
    static final String NONE = "container cannot be connected to multiple networks with one of the networks in "
            + "private (none) mode";

    /**
     * moby's refusals of a connect (connectToNetwork, updateNetworkSettings), runconfig's validation errors (400): a
     * running container sharing another's namespace; the host network for a container not in host mode; a network
     * beside the host's (not private) or beside none. jdock refuses the rest it cannot attach in the first words.
     */
    static void checkConnect(String mode, boolean running, Set<String> endpoints, NetworkRecord n) {
        if (running && mode.startsWith("container:")) {
            throw EngineException.invalid(SHARED);
        }
        boolean toHost = n.driver().equals("host");
        if (!mode.equals("host") && toHost) {
            throw EngineException.invalid(HOST);
        }
        List<String> existing = mode.equals("host") || mode.equals("none") ? List.of(mode)
                : List.copyOf(endpoints);
        for (String sn : existing) {
            if (sn.equals(n.name())) {
                continue; // the same network: libnetwork's "endpoint ... already exists" below
            }
            if (sn.equals("host") || toHost) {
                throw EngineException.invalid(SHARED);
            }
            if (sn.equals("none") || n.driver().equals("null")) {
                throw EngineException.invalid(NONE);
            }
        }
        if (!NetworkAttachments.ownNetns(mode) || mode.equals("none") || !n.hasIpam()) {
            throw EngineException.invalid(SHARED);
        }
    }

    private void plug(Container c, NetworkRecord n, Endpoint ep, Map<String, Endpoint> eps) {
        try (ContainerNetns ns = netns.open(c)) {
            String nsPath = ns.path();
            Map<String, Endpoint> before = new LinkedHashMap<>(eps);
            before.remove(n.name());
            // each family's gateway apart, as moby 28's sandbox
            Optional<String> was = gateway(before);
            boolean wins = gateway(eps).filter(n.name()::equals).isPresent();
            Optional<String> was6 = gateway6(before);
            boolean wins6 = gateway6(eps).filter(n.name()::equals).isPresent();
            net.ops.addEndpoint(n, nsPath, ep.hostVeth(), ep.ifName(), Ipv4.parse(ep.ip()),
                    NetworkAttachments.ip6(ep), Macs.parse(ep.mac()), wins && was.isEmpty(), wins6 && was6.isEmpty());
            boolean takes = wins && was.isPresent();
            boolean takes6 = wins6 && was6.isPresent();
            try {
                if (takes || takes6) { // moby 28: a higher GwPriority takes the default route over
                    net.ops.setDefaultRoute(n, nsPath, ep.ifName(), takes, takes6);
                }
                net.ops.addLinkLocal(nsPath, ep.ifName(), EndpointOptions.linkLocalAddresses(ep));
            } catch (RuntimeException e) {
                net.ops.removeEndpoint(nsPath, ep.ifName());
                // the routes taken over went with the interface: back to the old
                nextGateway(nsPath, c, before, takes, takes6);
                throw e;
            }
        } catch (RuntimeException e) {
            eps.put(n.name(), ep.deactivated());
            net.store.putContainer(att.stateOf(c).withEndpoints(eps));
            throw EngineException.system("connecting " + c.name() + " to " + n.name() + ": " + e.getMessage(), e);
        }
        net.applyFirewall();
        refreshFiles(c, eps);
    }

    /** The network of the active endpoints {@code eps} that gives the default gateway ({@link GatewayChoice}). */
    private Optional<String> gateway(Map<String, Endpoint> eps) {
        return NetworkAttachments.gateway(active(eps));
    }

    /** The network of the active endpoints {@code eps} that gives the IPv6 default gateway. */
    private Optional<String> gateway6(Map<String, Endpoint> eps) {
        return NetworkAttachments.gateway6(active(eps));
    }

    private List<NetworkAttachments.Active> active(Map<String, Endpoint> eps) {
        List<NetworkAttachments.Active> active = new ArrayList<>();
        for (Endpoint e : eps.values()) {
            if (e.isActive()) {
                net.store.network(e.networkId()).ifPresent(r -> active.add(new NetworkAttachments.Active(r, e)));
            }
        }
        return active;
    }

    /**
     * After the endpoint of the IPv4 gateway ({@code v4}) or of the IPv6 one ({@code v6}) went: the next network in
     * moby's order gives that family's default route, if any, in the container's namespace at {@code nsPath}.
     */
    private void nextGateway(String nsPath, Container c, Map<String, Endpoint> eps, boolean v4, boolean v6) {
        if (v4) {
            gateway(eps).ifPresent(next -> routeVia(nsPath, c, eps, next, true, false));
        }
        if (v6) {
            gateway6(eps).ifPresent(next -> routeVia(nsPath, c, eps, next, false, true));
        }
    }

    private void routeVia(String nsPath, Container c, Map<String, Endpoint> eps, String next, boolean v4,
            boolean v6) {
        Endpoint g = eps.get(next);
        try {
            net.store.network(g.networkId()).ifPresent(r -> net.ops.setDefaultRoute(r, nsPath, g.ifName(), v4, v6));
        } catch (RuntimeException e) {
            LOG.warn("default route of {} via {}: {}", c.id(), next, e.getMessage());
        }
    }

    private void refreshFiles(Container c, Map<String, Endpoint> eps) {
        List<String> ips = NetworkAttachments.addresses(eps.values());
        boolean userNet = eps.values().stream().filter(Endpoint::isActive).anyMatch(e -> net.store
                .network(e.networkId()).map(x -> !x.isDefaultBridge()).orElse(false));
        files.write(c, NetworkAttachments.mode(c.record().hostConfig()), ips, userNet,
                att.links().hostsLines(c, false));
        if (userNet && dns != null && c.isRunning()) {
            try (ContainerNetns ns = netns.open(c)) {
                dns.start(c.id(), ns.path());
            }
        }
    }

    private static String freeIfName(ContainerNet cn) {
        Set<String> used = new HashSet<>();
        cn.endpoints().values().forEach(e -> used.add(e.ifName()));
        for (int i = 0;; i++) {
            if (!used.contains("eth" + i)) {
                return "eth" + i;
            }
        }
    }

    public void disconnect(String netRef, String containerRef, boolean force) {
        // moby's DisconnectContainerFromNetwork: the container first; a missing one with force, the network
        Optional<Container> found = net.container(containerRef);
        if (found.isEmpty() && !force) {
            throw EngineException.noSuchContainer(containerRef);
        }
        Optional<NetworkRecord> named = found.isEmpty() || found.get().isRunning() && !force ? Optional.empty()
                : att.lookup(netRef);
        if (found.isPresent() && named.isEmpty() && (!found.get().isRunning() || force)) {
            forgetMissing(found.get(), netRef); // moby's DisconnectFromNetwork: by the name given
            return;
        }
        NetworkRecord n = named.isPresent() ? named.get() : net.get(netRef);
        if (found.isEmpty()) {
            // moby's ForceEndpointDelete: the network's endpoint of that name (none is kept for a gone container)
            throw EngineException.notFound("endpoint " + containerRef + " not found");
        }
        Container c = found.get();
        synchronized (net.lock) {
            ContainerNet cn = att.stateOf(c);
            Endpoint ep = cn.endpoints().get(n.name());
            if (ep == null) {
                // moby: a plain error, 500; "the network" when the container is not running (DisconnectFromNetwork)
                throw new EngineException(ErrorKind.SYSTEM, "container " + c.id() + " is not connected to "
                        + (c.isRunning() ? "network " : "the network ") + n.name());
            }
            // the record first: a disk that refuses it changes nothing; a daemon killed before the interface is
            // gone finds its host veth owned by no record at restore, and removes it
            Map<String, Endpoint> eps = new LinkedHashMap<>(cn.endpoints());
            eps.remove(n.name());
            net.store.putContainer(cn.withEndpoints(eps));
            if (c.isRunning() && ep.isActive()) {
                boolean wasGateway = gateway(cn.endpoints()).filter(n.name()::equals).isPresent();
                boolean wasGateway6 = gateway6(cn.endpoints()).filter(n.name()::equals).isPresent();
                try (ContainerNetns ns = netns.open(c)) {
                    net.ops.removeEndpoint(ns.path(), ep.ifName());
                    nextGateway(ns.path(), c, eps, wasGateway, wasGateway6);
                } catch (RuntimeException e) {
                    if (!force) {
                        net.store.putContainer(cn);
                        throw EngineException.system("disconnecting: " + e.getMessage(), e);
                    }
                }
            }
            net.applyFirewall();
            if (c.isRunning()) {
                refreshFiles(c, eps);
            }
        }
        net.events.emit("network", "disconnect", n.id(), Map.of("name", n.name(), "type", n.driver(),
                "container", c.id()));
    }

    /**
     * A network that does not exist, disconnected from a container not running (or with force): the endpoint kept
     * under that name goes (no event: there is no network); none is moby's plain error (500).
     */
    private void forgetMissing(Container c, String name) {
        synchronized (net.lock) {
            ContainerNet cn = att.stateOf(c);
            if (!cn.endpoints().containsKey(name)) {
                throw new EngineException(ErrorKind.SYSTEM, "container " + c.id() + " is not connected to the network "
                        + name);
            }
            Map<String, Endpoint> eps = new LinkedHashMap<>(cn.endpoints());
            eps.remove(name);
            net.store.putContainer(cn.withEndpoints(eps));
        }
    }

    /** After a daemon restart (the containers' own restore decides later which ones really run). */
    public void restore() {
        Set<String> keepVeths = new HashSet<>();
        synchronized (net.lock) {
            for (ContainerNet cn : net.store.containers()) {
                Optional<Container> c = net.container(cn.containerId());
                if (c.isEmpty()) {
                    net.store.removeContainer(cn.containerId());
                } else if (c.get().isRunning() && processAlive(c.get())) {
                    restoreRunning(c.get(), cn);
                    cn.endpoints().values().forEach(e -> keepVeths.add(e.hostVeth()));
                } else if (cn.endpoints().values().stream().anyMatch(Endpoint::isActive) || !cn.ports().isEmpty()) {
                    Map<String, Endpoint> eps = new LinkedHashMap<>();
                    cn.endpoints().forEach((k, v) -> eps.put(k, v.deactivated()));
                    try {
                        net.store.putContainer(cn.withEndpoints(eps).withPorts(List.of()));
                    } catch (RuntimeException e) { // a full disk: the daemon starts anyway; the next start retries
                        LOG.warn("recording the stopped endpoints of {}: {}", cn.containerId(), e.getMessage());
                    }
                }
            }
            Set<String> bridges = new HashSet<>();
            net.store.networks().stream().filter(n -> n.isBridge() && n.ownsBridge())
                    .forEach(n -> bridges.add(n.bridge()));
            for (String v : net.ops.strayVeths(bridges, keepVeths)) {
                LOG.info("removing stray veth {}", v);
                net.ops.deleteLink(v);
            }
            net.applyFirewall();
        }
    }

    private static boolean processAlive(Container c) {
        return c.state().pid() > 0 && ProcessHandle.of(c.state().pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private void restoreRunning(Container c, ContainerNet cn) {
        List<Endpoint> active = cn.endpoints().values().stream().filter(Endpoint::isActive).toList();
        if (!cn.ports().isEmpty() && !active.isEmpty()) {
            ports.restore(c.id(), cn.ports(), active.get(0).ip()); // each on its own: a lost one is logged
        }
        boolean userNet = active.stream().anyMatch(e -> net.store.network(e.networkId())
                .map(x -> !x.isDefaultBridge()).orElse(false));
        if (userNet && dns != null) {
            try (ContainerNetns ns = netns.open(c)) {
                dns.start(c.id(), ns.path());
            } catch (RuntimeException e) {
                LOG.warn("restoring DNS of {}: {}", c.id(), e.getMessage());
            }
        }
    }
}
