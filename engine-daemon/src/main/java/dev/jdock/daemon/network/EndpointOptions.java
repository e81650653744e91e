package dev.jdock.daemon.network;

import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a client asks of an endpoint beyond its IPv4 address and aliases ({@code run --network}, {@code network
 * connect}): an IPv6 address (well formed here; on an IPv6 network with a subnet of the client's: {@link #checkIp6}),
 * link-local addresses, links and driver options, checked with dockerd's texts and bounded in number.
 */
final class EndpointOptions {
    /** Bounds of what one endpoint keeps: a hostile request stores no unbounded lists. */
    static final int MAX_LINK_LOCAL = 16;
    static final int MAX_LINKS = 256;
    static final int MAX_DRIVER_OPTS = 256;
    static final String NO_SUBNET = "user specified IP address is supported only when connecting to networks with "
            + "user configured subnets";

    private static final int LINK_LOCAL_BASE = (169 << 24) | (254 << 16);

    private EndpointOptions() {
    }

    static String requestedIp6(EndpointSettings es) {
        return es == null || es.ipamConfig() == null || es.ipamConfig().ipv6Address() == null ? ""
                : es.ipamConfig().ipv6Address();
    }

    static List<String> linkLocalIps(EndpointSettings es) {
        return es == null || es.ipamConfig() == null || es.ipamConfig().linkLocalIps() == null ? List.of()
                : es.ipamConfig().linkLocalIps();
    }

    static List<String> links(EndpointSettings es) {
        return es == null || es.links() == null ? List.of() : es.links();
    }

    static Map<String, String> driverOpts(EndpointSettings es) {
        return es == null || es.driverOpts() == null ? Map.of() : es.driverOpts();
    }

    /**
     * dockerd's checks of these settings: link-local addresses that do not parse (500, all of them listed as Go
     * prints a slice), then a malformed IPv6 address (400), then link-local addresses outside 169.254.0.0/16 (500).
     * IPv6 link-local addresses are refused: jdockd configures none.
     */
    static void check(EndpointSettings es) {
        List<String> lls = linkLocalIps(es);
        if (lls.size() > MAX_LINK_LOCAL || links(es).size() > MAX_LINKS
                || driverOpts(es).size() > MAX_DRIVER_OPTS) {
            throw EngineException.invalid("too many link-local IPs, links or driver options (at most "
                    + MAX_LINK_LOCAL + ", " + MAX_LINKS + " and " + MAX_DRIVER_OPTS + ")");
        }
        List<String> bad = new ArrayList<>();
        for (String ip : lls) {
            if (ip != null && !ip.isEmpty() && !Ipv4.isIpv4(ip) && !NetUtil.isValidIpV6Address(ip)) {
                bad.add(ip);
            }
        }
        if (!bad.isEmpty()) {
            throw new EngineException(ErrorKind.SYSTEM, "Invalid link-local IP address: [" + String.join(" ", bad)
                    + "]");
        }
        String ip6 = requestedIp6(es);
        if (!ip6.isEmpty() && !Ip6.isIpv6(ip6)) {
            throw EngineException.invalid("invalid IPv6 address: " + ip6);
        }
        for (String ip : lls) {
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            if (!Ipv4.isIpv4(ip)) {
                throw EngineException.invalid("IPv6 link-local addresses are not supported by jdock: " + ip);
            }
            if ((Ipv4.parse(ip) & 0xffff0000) != LINK_LOCAL_BASE) {
                throw new EngineException(ErrorKind.SYSTEM, "invalid link local IP address: " + ip.trim());
            }
        }
    }

    /**
     * An IPv6 address asked of network {@code n} ({@code --ip6}): only on an IPv6 network whose IPv6 subnet the client
     * gave (moby's validateEndpointIPAddress: not the default bridge, not a pool's default subnet), inside it.
     */
    static void checkIp6(NetworkRecord n, EndpointSettings es) {
        String ip6 = requestedIp6(es);
        if (ip6.isEmpty()) {
            return;
        }
        if (n.isDefaultBridge() || !n.hasIpv6() || !n.userDefinedSubnet6()) {
            throw EngineException.invalid(NO_SUBNET);
        }
        Ip6 a = Ip6.parse(ip6);
        if (!n.subnet6Value().contains(a)) {
            throw EngineException.invalid("no configured subnet or ip-range contain the IP address " + a);
        }
    }

    /** The link-local addresses to add to the endpoint's interface (checked by {@link #check}). */
    static List<Integer> linkLocalAddresses(Endpoint e) {
        return e.linkLocalIps().stream().filter(s -> s != null && !s.isEmpty()).map(Ipv4::parse).toList();
    }

    /** The container an endpoint's link alias names ({@code name:alias} or {@code name}), or null. */
    static String linkTarget(Endpoint e, String alias) {
        for (String l : e.links()) {
            if (l == null) {
                continue;
            }
            int colon = l.indexOf(':');
            String name = strip(colon < 0 ? l : l.substring(0, colon));
            String a = colon < 0 ? name : strip(l.substring(colon + 1));
            if (!name.isEmpty() && a.equalsIgnoreCase(alias)) {
                return name;
            }
        }
        return null;
    }

    private static String strip(String s) {
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }
}
