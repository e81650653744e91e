package dev.jdock.daemon.network;

import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.NetworkSettings;
import dev.jdock.api.types.container.Port;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.types.network.ConfigReference;
import dev.jdock.api.types.network.EndpointResource;
import dev.jdock.api.types.network.Ipam;
import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.api.types.network.Network;
import dev.jdock.daemon.api.FilterRegex;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.network.portmap.PublishedPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The API views: a container's NetworkSettings and ps Ports, and a network's inspect object. */
final class NetworkViews {
    private NetworkViews() {
    }

    static Map<String, EndpointSettings> endpoints(NetworkAttachments att, Container c, ContainerNet cn) {
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        String mode = NetworkAttachments.mode(c.record().hostConfig());
        if ((mode.equals("host") || mode.equals("none")) && cn.endpoints().size() < 2) {
            return modeEndpoint(att, mode);
        }
        // moby shows every endpoint recorded: one beside host or none (API 1.44+, the start refused), one whose
        // network is missing under the name given (the start fails, 404), with the configuration the client gave
        for (Map.Entry<String, Endpoint> e : cn.endpoints().entrySet()) {
            Endpoint ep = e.getValue();
            Optional<NetworkRecord> n = ep.networkId().isEmpty() ? Optional.empty()
                    : att.service().store.network(ep.networkId());
            if (n.isPresent()) {
                out.put(n.get().name(), endpoint(c, n.get(), ep));
            } else {
                out.put(e.getKey(), configured(ep, ep.networkId()).build());
            }
        }
        return out;
    }

    /**
     * An endpoint as the client configured it, nothing operational: moby's record of a network a create or a stopped
     * container's connect names, and of every network of a container never started (updateContainerNetworkSettings
     * keeps the create's EndpointSettings as sent: no NetworkID, no DNSNames; dockerd 20.10 beside jdockd).
     */
    private static EndpointSettings.Builder configured(Endpoint e, String networkId) {
        return EndpointSettings.builder()
                .ipamConfig(ipamConfig(e))
                .aliases(e.aliases().isEmpty() ? null : e.aliases())
                .links(e.links().isEmpty() ? null : e.links())
                .driverOpts(e.driverOpts().isEmpty() ? null : e.driverOpts())
                .gwPriority(e.gwPriority())
                .macAddress(e.requestedMac())
                .networkId(networkId)
                .endpointId("")
                .gateway("")
                .ipAddress("")
                .ipPrefixLen(0);
    }

    /** The endpoint's IPAMConfig as the client gave it ({@code --ip}, {@code --ip6}, link-local addresses), or null. */
    private static EndpointIpamConfig ipamConfig(Endpoint e) {
        if (e.requestedIp().isEmpty() && e.requestedIp6().isEmpty() && e.linkLocalIps().isEmpty()) {
            return null;
        }
        return new EndpointIpamConfig(e.requestedIp().isEmpty() ? null : e.requestedIp(),
                e.requestedIp6().isEmpty() ? null : e.requestedIp6(), e.linkLocalIps().isEmpty() ? null
                        : e.linkLocalIps());
    }

    /** The one endpoint of a container of network mode host or none: the network's ID, nothing else. */
    static Map<String, EndpointSettings> modeEndpoint(NetworkAttachments att, String mode) {
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        Optional<NetworkRecord> n = att.service().find(mode);
        if (n.isPresent()) { // no lambda: ps asks for every container
            out.put(n.get().name(), att.modeEndpoint(n.get()));
        }
        return out;
    }

    static EndpointSettings endpoint(Container c, NetworkRecord n, Endpoint e) {
        if (ContainerRunState.ZERO_TIME.equals(c.state().startedAt())) {
            return configured(e, "").links(e.links().isEmpty() ? linksOn(c, n) : e.links()).build();
        }
        boolean active = e.isActive() && c.isRunning();
        List<String> dnsNames = null;
        if (!n.isDefaultBridge()) {
            dnsNames = dnsNames(c.name(), e.aliases(), c.id(), c.record().config().hostname());
        }
        return EndpointSettings.builder()
                .ipamConfig(ipamConfig(e))
                .aliases(n.isDefaultBridge() ? null : e.aliases())
                .links(e.links().isEmpty() ? linksOn(c, n) : e.links())
                .driverOpts(e.driverOpts().isEmpty() ? null : e.driverOpts())
                .gwPriority(e.gwPriority())
                .macAddress(active ? e.mac() : e.requestedMac())
                .networkId(n.id())
                .endpointId(active ? e.endpointId() : "")
                .gateway(active ? n.gateway() : "")
                .ipAddress(active ? e.ip() : "")
                .ipPrefixLen(active ? n.subnetValue().prefix() : 0)
                .ipv6Gateway(active && !e.ip6().isEmpty() ? n.gateway6() : "")
                .globalIpv6Address(active ? e.ip6() : "")
                .globalIpv6PrefixLen(active && !e.ip6().isEmpty() ? n.subnet6Value().prefix() : 0)
                .dnsNames(dnsNames)
                .build();
    }

    /** Links on the user-defined network the container was created on (Docker keeps them per endpoint there). */
    private static List<String> linksOn(Container c, NetworkRecord n) {
        List<String> links = c.record().hostConfig() == null ? null : c.record().hostConfig().links();
        if (n.isDefaultBridge() || links == null || links.isEmpty()) {
            return null;
        }
        String mode = NetworkAttachments.mode(c.record().hostConfig());
        return mode.equals(n.name()) || mode.equals(n.id()) ? links : null;
    }

    /** Docker's order (name, aliases, short ID, hostname) without repeats: compose passes the short ID as an alias. */
    static List<String> dnsNames(String name, List<String> aliases, String id, String hostname) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(name);
        names.addAll(aliases);
        names.add(id.substring(0, Math.min(12, id.length())));
        if (hostname != null && !hostname.isEmpty()) {
            names.add(hostname);
        }
        return new ArrayList<>(names);
    }

    static NetworkSettings settings(NetworkAttachments att, Container c, ContainerNet cn) {
        Map<String, EndpointSettings> eps = endpoints(att, c, cn);
        boolean ownSandbox = c.isRunning()
                && !NetworkAttachments.mode(c.record().hostConfig()).startsWith("container:");
        NetworkSettings.Builder b = NetworkSettings.builder().networks(eps)
                .ports(ports(c, cn.ports(), reachesOut(att.service().store, c, cn)))
                // a container:<x> container has no sandbox of its own: moby shows none (x's is x's)
                .sandboxKey(ownSandbox ? "/proc/" + c.state().pid() + "/ns/net" : "")
                .sandboxId(ownSandbox ? c.id() : "");
        EndpointSettings bridge = eps.get("bridge");
        if (bridge != null) {
            b.endpointId(bridge.endpointId()).gateway(bridge.gateway()).ipAddress(bridge.ipAddress())
                    .ipPrefixLen(bridge.ipPrefixLen()).macAddress(bridge.macAddress());
        }
        return b.build();
    }

    /**
     * Inspect's Ports, while running: every published binding, and exposed ports without one (null) when the
     * container reaches outside ({@link #reachesOut}).
     */
    static Map<String, List<PortBinding>> ports(Container c, List<PublishedPort> published, boolean reachesOut) {
        Map<String, List<PortBinding>> out = new LinkedHashMap<>();
        if (!c.isRunning()) {
            return out;
        }
        Map<String, ?> exposed = c.record().config().exposedPorts();
        if (exposed != null && reachesOut) {
            for (String k : exposed.keySet()) {
                out.put(k.contains("/") ? k : k + "/tcp", null);
            }
        }
        for (PublishedPort p : published) {
            List<PortBinding> l = out.get(p.key());
            if (l == null) {
                l = new ArrayList<>();
                out.put(p.key(), l);
            }
            l.add(new PortBinding(p.hostIp(), Integer.toString(p.hostPort())));
        }
        return out;
    }

    /**
     * Whether the container has an endpoint on a network that reaches outside (not internal, with a gateway): moby's
     * bridge driver reports a container's exposed ports from that endpoint only, so a container on internal networks
     * alone, or with network mode none, host or container:X, shows none.
     */
    static boolean reachesOut(NetworkStore store, Container c, ContainerNet cn) {
        String mode = NetworkAttachments.mode(c.record().hostConfig());
        if (!NetworkAttachments.ownNetns(mode) || mode.equals("none") || cn == null) {
            return false;
        }
        for (Endpoint e : cn.endpoints().values()) { // no stream: ps asks for every container
            Optional<NetworkRecord> n = store.network(e.networkId());
            if (n.isPresent() && !n.get().internal() && n.get().gateway() != null && !n.get().gateway().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static List<Port> summaryPorts(NetworkStore store, Container c, ContainerNet cn) {
        List<PublishedPort> published = cn == null ? List.of() : cn.ports();
        Map<String, ?> exposed = c.record().config() == null ? null : c.record().config().exposedPorts();
        if (published.isEmpty() && (exposed == null || exposed.isEmpty())) {
            return new ArrayList<>(); // nothing exposed or published (most containers): no map to make
        }
        List<Port> out = new ArrayList<>();
        for (Map.Entry<String, List<PortBinding>> e : ports(c, published, reachesOut(store, c, cn)).entrySet()) {
            String[] kp = e.getKey().split("/");
            int priv = Integer.parseInt(kp[0]);
            if (e.getValue() == null) {
                out.add(new Port(null, priv, null, kp[1]));
                continue;
            }
            for (PortBinding b : e.getValue()) {
                out.add(new Port(b.hostIp(), priv, Integer.parseInt(b.hostPort()), kp[1]));
            }
        }
        return out;
    }

    /** {@code GET /networks/{id}} (and list entries, where {@code withContainers} is false). */
    static Network inspect(NetworkService svc, NetworkRecord n, boolean withContainers) {
        List<IpamConfig> pools = new ArrayList<>();
        if (n.hasIpam() || (n.configOnly() && !n.subnet().isEmpty())) {
            pools.add(new IpamConfig(n.subnet(), n.ipRange(), n.gateway(), aux(n, false)));
        }
        if (!n.subnet6().isEmpty()) { // the IPv6 pool after the IPv4 one, as moby's buildIPAMResources
            pools.add(new IpamConfig(n.subnet6(), n.ipRange6(), n.gateway6(), aux(n, true)));
        }
        return new Network(n.name(), n.id(), n.created(), Network.LOCAL_SCOPE, n.driver(), true, n.enableIpv6(),
                new Ipam(Ipam.DEFAULT_DRIVER, n.ipamOptions(), pools), n.internal(), n.attachable(), false,
                new ConfigReference(n.configFrom()), n.configOnly(),
                withContainers ? containers(svc, n) : Map.of(), n.options(), n.labels());
    }

    /** The network's aux addresses of one family (one map holds both). */
    private static Map<String, String> aux(NetworkRecord n, boolean v6) {
        Map<String, String> out = new LinkedHashMap<>();
        n.auxAddresses().forEach((k, v) -> {
            if ((v.indexOf(':') >= 0) == v6) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, EndpointResource> containers(NetworkService svc, NetworkRecord n) {
        Map<String, EndpointResource> out = new LinkedHashMap<>();
        for (ContainerNet cn : svc.store.containers()) {
            Optional<Container> c = svc.container(cn.containerId());
            if (c.isEmpty() || !c.get().isRunning()) {
                continue;
            }
            for (Endpoint e : cn.endpoints().values()) {
                if (e.networkId().equals(n.id()) && e.isActive()) {
                    out.put(cn.containerId(), new EndpointResource(c.get().name(), e.endpointId(), e.mac(),
                            e.ip() + "/" + n.subnetValue().prefix(),
                            e.ip6().isEmpty() ? "" : e.ip6() + "/" + n.subnet6Value().prefix()));
                }
            }
        }
        return out;
    }

    static boolean labelsMatch(NetworkRecord n, Filters f) {
        for (String l : f.values("label")) {
            int eq = l.indexOf('=');
            String k = eq < 0 ? l : l.substring(0, eq);
            if (!n.labels().containsKey(k) || (eq >= 0 && !l.substring(eq + 1).equals(n.labels().get(k)))) {
                return false;
            }
        }
        for (String l : f.values("label!")) {
            int eq = l.indexOf('=');
            String k = eq < 0 ? l : l.substring(0, eq);
            if (n.labels().containsKey(k) && (eq < 0 || l.substring(eq + 1).equals(n.labels().get(k)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code GET /networks} filters, as moby's FilterNetworks: name and id (Go regexps, {@link FilterRegex}), driver,
     * label, type (custom/builtin), dangling.
     */
    static Predicate<NetworkRecord> filter(NetworkService svc, Filters f) {
        for (String t : f.values("type")) { // moby's validateNetworkTypeFilter: a plain error (500)
            if (!t.equals("builtin") && !t.equals("custom")) {
                throw EngineException.system("invalid filter: 'type'='" + t + "'", null);
            }
        }
        FilterRegex names = FilterRegex.of(f, "name");
        FilterRegex ids = FilterRegex.of(f, "id");
        return n -> names.matches(n.name()) && ids.matches(n.id()) && matches(svc, n, f);
    }

    private static boolean matches(NetworkService svc, NetworkRecord n, Filters f) {
        if (!f.values("driver").isEmpty() && !f.values("driver").contains(n.driver())) {
            return false;
        }
        boolean builtin = NetworkService.predefined(n);
        if (!f.values("type").isEmpty() && !f.values("type").contains(builtin ? "builtin" : "custom")) {
            return false;
        }
        if (f.contains("dangling", "true") && (builtin || !svc.users(n).isEmpty())) {
            return false;
        }
        if (f.contains("dangling", "false") && !builtin && svc.users(n).isEmpty()) {
            return false;
        }
        return labelsMatch(n, f);
    }
}
