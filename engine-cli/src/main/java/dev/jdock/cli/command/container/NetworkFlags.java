package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.NetworkingConfig;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.cli.core.Args;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network flags of run/create: -p, -P, --expose, --ip, --network-alias, --link, --dns, --dns-search, --dns-option.
 */
final class NetworkFlags {
    private NetworkFlags() {
    }

    static Args.Spec add(Args.Spec s) {
        return s
                .option("p", "publish", "list", "Publish a container's port(s) to the host")
                .flag("P", "publish-all", "Publish all exposed ports to random ports")
                .option(null, "expose", "list", "Expose a port or a range of ports")
                .option(null, "ip", "string", "IPv4 address (e.g., 172.30.100.104)")
                .option(null, "network-alias", "list", "Add network-scoped alias for the container")
                .option(null, "dns", "list", "Set custom DNS servers")
                .option(null, "dns-search", "list", "Set custom DNS search domains")
                .option(null, "dns-option", "list", "Set DNS options")
                .option(null, "link", "list", "Add link to another container");
    }

    static HostConfig.Builder apply(Args a, HostConfig.Builder b) {
        Map<String, List<PortBinding>> ports = PortSpecs.parse(a.values("publish"));
        return b.portBindings(ports).publishAllPorts(a.has("publish-all"))
                .links(a.values("link").isEmpty() ? null : List.copyOf(a.values("link")))
                .dns(a.values("dns").isEmpty() ? null : a.values("dns"))
                .dnsSearch(a.values("dns-search").isEmpty() ? null : a.values("dns-search"))
                .dnsOptions(a.values("dns-option").isEmpty() ? null : a.values("dns-option"));
    }

    /** ExposedPorts: every published port and every --expose. */
    static Map<String, Map<String, Object>> exposedPorts(Args a) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String k : PortSpecs.parse(a.values("publish")).keySet()) {
            out.put(k, Map.of());
        }
        for (String k : PortSpecs.expose(a.values("expose"))) {
            out.put(k, Map.of());
        }
        return out.isEmpty() ? null : out;
    }

    static NetworkingConfig networking(Args a) {
        String ip = a.value("ip");
        List<String> aliases = a.values("network-alias");
        String network = a.value("network", "default");
        List<String> links = a.values("link");
        // as the docker CLI: on a user-defined network the links also go to its endpoint (DNS aliases there)
        boolean userDefined = !List.of("default", "bridge", "host", "none").contains(network)
                && !network.startsWith("container:");
        EndpointSettings es = EndpointSettings.builder()
                .ipamConfig(ip == null ? null : new EndpointIpamConfig(ip, null, null))
                .links(userDefined && !links.isEmpty() ? List.copyOf(links) : null)
                .aliases(aliases.isEmpty() ? null : List.copyOf(aliases)).build();
        return new NetworkingConfig(Map.of(network, es));
    }
}
