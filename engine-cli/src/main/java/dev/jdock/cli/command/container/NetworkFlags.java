package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.NetworkingConfig;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.cli.core.Args;
import java.util.ArrayList;
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

    static HostConfig.Builder apply(Args.Spec spec, Args a, HostConfig.Builder b) {
        for (String l : a.values("link")) { // docker's ValidateLink, a flag error
            if (l.isEmpty()) {
                throw Args.invalidArgument(spec, "link", l, "empty string specified for links");
            }
            if (l.split(":", 3).length > 2) {
                throw Args.invalidArgument(spec, "link", l, "bad format for links: " + l);
            }
        }
        Map<String, List<PortBinding>> ports = PortSpecs.parse(a.values("publish"));
        return b.portBindings(ports).publishAllPorts(a.has("publish-all"))
                .links(a.values("link").isEmpty() ? null : List.copyOf(a.values("link")))
                .dns(dns(spec, a)).dnsSearch(List.copyOf(a.values("dns-search")))
                .dnsOptions(List.copyOf(a.values("dns-option")));
    }

    /** --dns as docker's ValidateIPAddress sends each: Go's form ({@code 2001:DB8:0::1}: 2001:db8::1). */
    static List<String> dns(Args.Spec spec, Args a) {
        List<String> out = new ArrayList<>();
        for (String v : a.values("dns")) {
            out.add(dev.jdock.cli.core.FlagValues.ipAddress(spec, "dns", v));
        }
        return out;
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
     * One {@code --network} value (docker's {@code opts.NetworkOpt}): a plain name, or the long syntax
     * {@code name=N,alias=A,ip=..,ip6=..,mac-address=..,link-local-ip=..,driver-opt=k=v,gw-priority=P} (a CSV record,
     * fields lower-cased as docker's; chosen, as docker does, when the value contains {@code \w+=\w+}).
     */
    record Attachment(String target, List<String> aliases, List<String> links, String ip, String ip6, String mac,
            List<String> linkLocal, Map<String, String> driverOpts, long gwPriority) {
    }

    private static final java.util.regex.Pattern LONG_SYNTAX = java.util.regex.Pattern.compile("\\w+=\\w+");

    static Attachment attachment(Args.Spec spec, String value) {
        if (!LONG_SYNTAX.matcher(value).find()) {
            return new Attachment(value, List.of(), List.of(), "", "", "", List.of(), Map.of(), 0);
        }
        String target = "";
        String ip = "";
        String ip6 = "";
        String mac = "";
        long gw = 0;
        List<String> aliases = new java.util.ArrayList<>();
        List<String> linkLocal = new java.util.ArrayList<>();
        Map<String, String> driverOpts = new LinkedHashMap<>();
        for (String field : ResourceFlags.csv(spec, "network", value)) {
            String f = field.toLowerCase(java.util.Locale.ROOT);
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw Args.invalidArgument(spec, "network", value, "invalid field " + field);
            }
            String key = f.substring(0, eq).strip();
            String val = f.substring(eq + 1).strip();
            switch (key) {
                case "name" -> target = val;
                case "alias" -> aliases.add(val);
                case "ip" -> ip = val;
                case "ip6" -> ip6 = val;
                case "mac-address" -> mac = val;
                case "link-local-ip" -> linkLocal.add(val);
                case "driver-opt" -> {
                    int e = val.indexOf('=');
                    if (e < 0) {
                        throw Args.invalidArgument(spec, "network", value, "invalid key value pair format in driver "
                                + "options");
                    }
                    driverOpts.put(val.substring(0, e).strip(), val.substring(e + 1).strip());
                }
                case "gw-priority" -> {
                    try {
                        gw = Long.parseLong(val);
                    } catch (NumberFormatException e) {
                        throw Args.invalidArgument(spec, "network", value, "invalid gw-priority: strconv.Atoi: "
                                + "parsing \"" + val + "\": invalid syntax");
                    }
                }
                default -> throw Args.invalidArgument(spec, "network", value, "invalid field key " + key);
            }
        }
        if (target.isEmpty()) {
            throw Args.invalidArgument(spec, "network", value, "network name/id is not specified");
        }
        return new Attachment(target, aliases, List.of(), ip, ip6, mac, linkLocal, driverOpts, gw);
    }

    /** The container's network mode: the first {@code --network}'s name ({@code default} without one). */
    static String networkMode(Args.Spec spec, Args a) {
        List<String> v = a.values("network");
        return v.isEmpty() ? "default" : attachment(spec, v.get(0)).target();
    }

    private static boolean userDefined(String network) {
        return !List.of("default", "bridge", "host", "none").contains(network) && !network.startsWith("container:");
    }

    /**
     * {@code EndpointsConfig} as the docker CLI 28 sends it (parseNetworkOpts): every {@code --network} gets its
     * endpoint; the first takes the plain flags ({@code --ip}, {@code --network-alias}, {@code --link} on a
     * user-defined network...), refused with docker's words when its long syntax sets the same; a single network
     * without any setting sends none (the default network, without {@code --network}, always its own).
     */
    static NetworkingConfig networking(Args.Spec spec, Args a) {
        List<String> values = a.values("network");
        List<Attachment> nets = new java.util.ArrayList<>();
        for (String v : values) {
            nets.add(attachment(spec, v));
        }
        boolean given = !nets.isEmpty();
        if (!given) {
            nets.add(attachment(spec, "default"));
        }
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        boolean user = false;
        boolean nonUser = false;
        for (int i = 0; i < nets.size(); i++) {
            Attachment n = i == 0 ? withPlainFlags(nets.get(0), a) : nets.get(i);
            user |= given && userDefined(n.target());
            nonUser |= given && !userDefined(n.target());
            EndpointSettings ep = endpoint(n);
            if (out.containsKey(n.target())) {
                throw new dev.jdock.cli.core.CliException(125, "jdock: network \"" + n.target()
                        + "\" is specified multiple times");
            }
            if (given && i == 0 && nets.size() == 1 && ep.equals(EndpointSettings.builder().build())) {
                continue;
            }
            out.put(n.target(), ep);
        }
        if (user && nonUser) {
            throw new dev.jdock.cli.core.CliException(125, "jdock: conflicting options: cannot attach both "
                    + "user-defined and non-user-defined network-modes");
        }
        return new NetworkingConfig(out);
    }

    /** docker's applyContainerOptions: the plain flags go to the first network, never both ways. */
    private static Attachment withPlainFlags(Attachment n, Args a) {
        String ip = a.value("ip", "");
        String ip6 = a.value("ip6", "");
        String mac = a.value("mac-address", "");
        List<String> linkLocal = a.values("link-local-ip");
        List<String> aliases = a.values("network-alias");
        List<String> links = a.values("link");
        conflict(!n.aliases().isEmpty() && !aliases.isEmpty(), "--network-alias and per-network alias");
        conflict(!n.ip().isEmpty() && !ip.isEmpty(), "--ip and per-network IPv4 address");
        conflict(!n.ip6().isEmpty() && !ip6.isEmpty(), "--ip6 and per-network IPv6 address");
        conflict(!n.mac().isEmpty() && !mac.isEmpty(), "--mac-address and per-network MAC address");
        conflict(!n.linkLocal().isEmpty() && !linkLocal.isEmpty(),
                "--link-local-ip and per-network link-local IP addresses");
        // as the docker CLI: on a user-defined network the links also go to its endpoint (DNS aliases there)
        return new Attachment(n.target(), aliases.isEmpty() ? n.aliases() : List.copyOf(aliases),
                userDefined(n.target()) ? List.copyOf(links) : List.of(), ip.isEmpty() ? n.ip() : ip,
                ip6.isEmpty() ? n.ip6() : ip6, mac.isEmpty() ? n.mac() : mac,
                linkLocal.isEmpty() ? n.linkLocal() : List.copyOf(linkLocal), n.driverOpts(), n.gwPriority());
    }

    private static void conflict(boolean both, String what) {
        if (both) {
            throw new dev.jdock.cli.core.CliException(125, "jdock: conflicting options: cannot specify both " + what);
        }
    }

    private static EndpointSettings endpoint(Attachment n) {
        if (!userDefined(n.target()) && !n.aliases().isEmpty()) {
            throw new dev.jdock.cli.core.CliException(125,
                    "jdock: network-scoped aliases are only supported for user-defined networks");
        }
        boolean ipam = !n.ip().isEmpty() || !n.ip6().isEmpty() || !n.linkLocal().isEmpty();
        return EndpointSettings.builder()
                .ipamConfig(ipam ? new EndpointIpamConfig(n.ip().isEmpty() ? null : n.ip(),
                        n.ip6().isEmpty() ? null : n.ip6(), n.linkLocal().isEmpty() ? null
                                : List.copyOf(n.linkLocal())) : null)
                .links(n.links().isEmpty() ? null : n.links())
                .aliases(n.aliases().isEmpty() ? null : List.copyOf(n.aliases()))
                .driverOpts(n.driverOpts().isEmpty() ? null : n.driverOpts())
                .gwPriority(n.gwPriority())
                .macAddress(n.mac()).build();
    }
}
