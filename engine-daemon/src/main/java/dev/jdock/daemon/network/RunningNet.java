package dev.jdock.daemon.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jdock.daemon.network.portmap.PublishedPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container's network state holds only while it runs: each active endpoint's addresses, MAC, host veth and
 * interface name, and the published ports. Stored apart from the container's network configuration
 * ({@link ContainerNet} with every endpoint deactivated), in {@code <data-root>/network/active/<id>.json}, renamed
 * into place but never synced: a kill -9 of jdockd keeps it (the page cache), and after a power cut nothing it
 * describes runs (restore deactivates every endpoint of a container not running, which deletes the file).
 */
public record RunningNet(String containerId, Map<String, Active> endpoints, List<PublishedPort> ports) {

    public RunningNet {
        endpoints = endpoints == null ? Map.of() : new LinkedHashMap<>(endpoints);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /**
     * One endpoint's run-time fields, with the IDs that tie them to the configured endpoint; {@code ip6} on an IPv6
     * network only (left out of the file when empty, so an earlier file reads as it was).
     */
    public record Active(String networkId, String endpointId, String ip, String mac, String hostVeth,
            String ifName, @JsonInclude(JsonInclude.Include.NON_EMPTY) String ip6) {
        public Active {
            ip6 = ip6 == null ? "" : ip6;
        }

        public Active(String networkId, String endpointId, String ip, String mac, String hostVeth, String ifName) {
            this(networkId, endpointId, ip, mac, hostVeth, ifName, "");
        }
    }

    /** The run-time part of {@code c}: its active endpoints (by network name) and its ports. */
    static RunningNet of(ContainerNet c) {
        Map<String, Active> active = new LinkedHashMap<>();
        c.endpoints().forEach((name, e) -> {
            if (e.isActive()) {
                active.put(name, new Active(e.networkId(), e.endpointId(), e.ip(), e.mac(), e.hostVeth(),
                        e.ifName(), e.ip6()));
            }
        });
        return new RunningNet(c.containerId(), active, c.ports());
    }

    /** The configuration part of {@code c}: every endpoint deactivated, no ports. */
    static ContainerNet configOf(ContainerNet c) {
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        c.endpoints().forEach((name, e) -> eps.put(name, e.deactivated()));
        return new ContainerNet(c.containerId(), eps, List.of(), c.dnsAddress());
    }

    boolean isEmpty() {
        return endpoints.isEmpty() && ports.isEmpty();
    }

    /** {@code config} with this run-time state put back on the endpoints it belongs to (same network and ID). */
    ContainerNet applyTo(ContainerNet config) {
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        config.endpoints().forEach((name, e) -> {
            Active a = endpoints.get(name);
            boolean same = a != null && a.networkId().equals(e.networkId()) && a.endpointId().equals(e.endpointId());
            eps.put(name, same ? e.activated(a.ip(), a.ip6(), a.mac(), a.hostVeth(), a.ifName()) : e);
        });
        return new ContainerNet(config.containerId(), eps, ports.isEmpty() ? config.ports() : ports,
                config.dnsAddress());
    }
}
