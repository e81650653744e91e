package dev.jdock.daemon.network.netlink;

import java.util.List;
import java.util.Map;

/**
 * What the network feature reads and writes about the host netns outside netlink: {@code /sys/class/net} and the
 * {@code /proc} files of forwarding (IPv4 and IPv6), IPv4 routing and IPv6 per link. {@link LinuxHostNetFs} is the
 * real one; unit tests answer from their model of the links.
 */
public interface HostNetFs {
    /** Whether a link of that name exists in the host netns. */
    boolean linkExists(String name);

    /**
     * Turns on {@code route_localnet} of a host link (a bridge), so that loopback traffic DNATed to a container may
     * leave through it; best effort (a failure is logged, and 127.0.0.1 is then served by the userland proxy).
     */
    void routeLocalnet(String link);

    /** Every link enslaved to another (a bridge port), by name: the name of its master. */
    Map<String, String> masters();

    /** Turns IPv4 forwarding on, as dockerd does; best effort (a failure is logged). */
    void enableForwarding();

    /**
     * Turns IPv6 forwarding on ({@code net.ipv6.conf.all.forwarding}, which the kernel copies to {@code default} and
     * every link), as dockerd does for a network with IPv6; best effort (a failure is logged).
     *
     * @return whether it was off and is on now (the caller then closes the host's IPv6 FORWARD policy, as dockerd)
     */
    boolean enableIpv6Forwarding();

    /**
     * Turns IPv6 on for a host link ({@code disable_ipv6} 0) when it is off; best effort (a failure is logged).
     * {@code link} must be an interface name: IllegalArgumentException otherwise.
     */
    void enableIpv6(String link);

    /** Whether the kernel has IPv6 ({@code /proc/sys/net/ipv6} exists: not booted with {@code ipv6.disable=1}). */
    boolean ipv6Available();

    /** The host's IPv4 routes other than the default route; empty when they cannot be read. */
    List<Route> routes();

    /** A routed IPv4 destination: {@code destination} in host order, with its prefix length. */
    record Route(int destination, int prefix) {
    }
}
