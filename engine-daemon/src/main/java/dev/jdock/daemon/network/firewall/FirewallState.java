package dev.jdock.daemon.network.firewall;

import java.util.List;

/** Everything the firewall rules are generated from: the bridges and the published ports. */
public record FirewallState(List<Bridge> bridges, List<Port> ports) {

    public FirewallState {
        bridges = List.copyOf(bridges);
        ports = List.copyOf(ports);
    }

    /** A bridge network: its Linux bridge, subnet (CIDR), whether it is internal, inter-container traffic. */
    public record Bridge(String name, String subnet, boolean internal, boolean icc) {
    }

    /** A published port: host side (hostIp "0.0.0.0" = all), container side on {@code bridge}. */
    public record Port(String bridge, String proto, String hostIp, int hostPort, String containerIp,
            int containerPort) {
    }
}
