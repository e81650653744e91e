package dev.jdock.daemon.network;

import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.network.dns.EmbeddedDns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names on user-defined networks, as the embedded DNS answers them: a container's name, short ID, full ID and its
 * aliases on a network resolve to its addresses on that network (IPv4, and IPv6 on an IPv6 network), for containers
 * that share the network, from the endpoint's join on (as moby's service records).
 */
final class NetworkDnsResolver implements EmbeddedDns.Resolver {
    private final NetworkService net;
    private final NetworkFiles files;

    NetworkDnsResolver(NetworkService net, NetworkFiles files) {
        this.net = net;
        this.files = files;
    }

    @Override
    public List<byte[]> lookup(String containerId, String qname) {
        String name = qname.endsWith(".") ? qname.substring(0, qname.length() - 1) : qname;
        name = name.toLowerCase(Locale.ROOT);
        Optional<ContainerNet> self = net.store.container(containerId);
        if (self.isEmpty() || name.isEmpty()) {
            return null;
        }
        Optional<Container> me = net.container(containerId);
        if (me.isPresent()) {
            name = Links.resolveAlias(me.get(), name);
        }
        name = endpointLink(self.get(), name);
        Set<String> myNets = self.get().endpoints().values().stream().filter(Endpoint::isActive)
                .map(Endpoint::networkId).filter(id -> net.store.network(id).map(n -> !n.isDefaultBridge())
                        .orElse(false)).collect(Collectors.toSet());
        List<byte[]> out = new ArrayList<>();
        for (ContainerNet cn : net.store.containers()) {
            // an active endpoint is a joined one, running or starting: moby adds the name at the endpoint's join,
            // before the process starts (a container resolving its own name at once found none here); a stop or a
            // failed start deactivates it
            Optional<Container> c = net.container(cn.containerId());
            if (c.isEmpty()) {
                continue;
            }
            for (Endpoint e : cn.endpoints().values()) {
                if (e.isActive() && myNets.contains(e.networkId()) && matches(c.get(), e, name)) {
                    out.add(Ipv4.inet(Ipv4.parse(e.ip())).getAddress());
                    if (!e.ip6().isEmpty()) {
                        out.add(Ip6.parse(e.ip6()).bytes());
                    }
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The container a link of one of the container's active endpoints ({@code network connect --link}) names. */
    private String endpointLink(ContainerNet self, String name) {
        for (Endpoint e : self.endpoints().values()) {
            String target = e.isActive() ? EndpointOptions.linkTarget(e, name) : null;
            if (target != null && net.store.network(e.networkId()).map(n -> !n.isDefaultBridge()).orElse(false)) {
                return target.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    private static boolean matches(Container c, Endpoint e, String name) {
        if (name.equals(c.name().toLowerCase(Locale.ROOT)) || name.equals(c.id())
                || (name.length() == 12 && c.id().startsWith(name))) {
            return true;
        }
        return e.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(name));
    }

    @Override
    public List<String> upstream(String containerId) {
        return net.container(containerId).map(c -> files.upstream(c.record().hostConfig())).orElse(List.of());
    }
}
