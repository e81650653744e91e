package dev.jdock.daemon.network.firewall;

import java.util.List;

/** Everything the firewall rules are generated from: the bridges and the published ports. */
public record FirewallState(List<Bridge> bridges, List<Port> ports) {

    public FirewallState {
        bridges = List.copyOf(bridges);
        ports = List.copyOf(ports);
    }

    /**
     * A bridge network: its Linux bridge, IPv4 subnet (CIDR), whether it is internal, inter-container traffic, and its
     * IPv6 subnet (CIDR; "" when the network has no IPv6).
     */
    public record Bridge(String name, String subnet, boolean internal, boolean icc, String subnet6) {
        public Bridge {
            subnet6 = subnet6 == null ? "" : subnet6;
        }

        /** An IPv4-only bridge network. */
        public Bridge(String name, String subnet, boolean internal, boolean icc) {
            this(name, subnet, internal, icc, "");
        }

        public boolean hasIpv6() {
            return !subnet6.isEmpty();
        }
    }

    /** A published port: host side (hostIp "0.0.0.0" = all), container side on {@code bridge}. */
    public record Port(String bridge, String proto, String hostIp, int hostPort, String containerIp,
            int containerPort) {
    }
}
