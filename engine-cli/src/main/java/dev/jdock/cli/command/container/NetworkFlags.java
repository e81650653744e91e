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
 * The network flags of run/create: -p, -P, --expose, --ip, --ip6, --link-local-ip, --mac-address, --network-alias,
 * --link, --dns, --dns-search, --dns-option (and docker's hidden spellings --net, --net-alias, --dns-opt). The
 * endpoint settings go to the one network's {@code EndpointsConfig} entry as the docker CLI sends them (API 1.44+:
 * the MAC address there too).
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
                .option(null, "ip6", "string", "IPv6 address (e.g., 2001:db8::33)")
                .option(null, "link-local-ip", "list", "Container IPv4/IPv6 link-local addresses")
                .option(null, "mac-address", "string", "Container MAC address (e.g., 92:d0:c6:0a:29:33)")
                .option(null, "network-alias", "list", "Add network-scoped alias for the container")
                .option(null, "dns", "list", "Set custom DNS servers")
                .option(null, "dns-search", "list", "Set custom DNS search domains")
                .option(null, "dns-option", "list", "Set DNS options")
                .option(null, "link", "list", "Add link to another container")
                .alias("net", "network").alias("net-alias", "network-alias").alias("dns-opt", "dns-option");
    }

    /** The CLI's check of {@code --mac-address} (Go's net.ParseMAC: 6, 8 or 20 hex octets, one separator). */
    static void checkMac(Args a) {
        String mac = a.value("mac-address", "");
        if (!mac.isEmpty() && !mac.matches("([0-9A-Fa-f]{2}([:-]))([0-9A-Fa-f]{2}\\2){4}[0-9A-Fa-f]{2}"
                + "|([0-9A-Fa-f]{2}([:-])){7}[0-9A-Fa-f]{2}|([0-9A-Fa-f]{2}([:-])){19}[0-9A-Fa-f]{2}"
                + "|([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}")) {
            throw new dev.jdock.cli.core.CliException(125, "jdock: " + mac + " is not a valid mac address");
        }
    }

    static HostConfig.Builder apply(Args a, HostConfig.Builder b) {
        Map<String, List<PortBinding>> ports = PortSpecs.parse(a.values("publish"));
        return b.portBindings(ports).publishAllPorts(a.has("publish-all"))
                .links(a.values("link").isEmpty() ? null : List.copyOf(a.values("link")))
                .dns(List.copyOf(a.values("dns"))).dnsSearch(List.copyOf(a.values("dns-search")))
                .dnsOptions(List.copyOf(a.values("dns-option")));
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

    /**
     * The endpoint of the one network, as the docker CLI sends it: always for the default network; for one named
     * with {@code --network} only when some endpoint setting is given (else {@code EndpointsConfig} is empty).
     */
    static NetworkingConfig networking(Args a) {
        String ip = a.value("ip");
        String ip6 = a.value("ip6");
        List<String> linkLocal = a.values("link-local-ip");
        List<String> aliases = a.values("network-alias");
        String network = a.value("network", "default");
        List<String> links = a.values("link");
        // as the docker CLI: on a user-defined network the links also go to its endpoint (DNS aliases there)
        boolean userDefined = !List.of("default", "bridge", "host", "none").contains(network)
                && !network.startsWith("container:");
        boolean ipam = ip != null || ip6 != null || !linkLocal.isEmpty();
        EndpointSettings es = EndpointSettings.builder()
                .ipamConfig(ipam ? new EndpointIpamConfig(ip, ip6, linkLocal.isEmpty() ? null
                        : List.copyOf(linkLocal)) : null)
                .links(userDefined && !links.isEmpty() ? List.copyOf(links) : null)
                .aliases(aliases.isEmpty() ? null : List.copyOf(aliases))
                .macAddress(a.value("mac-address", "")).build();
        if (a.value("network") != null && es.equals(EndpointSettings.builder().build())) {
            return new NetworkingConfig(Map.of());
        }
        return new NetworkingConfig(Map.of(network, es));
    }
}
