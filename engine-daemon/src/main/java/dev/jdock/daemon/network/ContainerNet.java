package dev.jdock.daemon.network;

import dev.jdock.daemon.network.portmap.PublishedPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network state of one container, stored in {@code <data-root>/network/containers/<id>.json}: its endpoints
 * by network name (insertion order = connection order; the default route is {@link GatewayChoice}'s) and the ports
 * published while it runs.
 */
public record ContainerNet(String containerId, Map<String, Endpoint> endpoints, List<PublishedPort> ports,
        String dnsAddress) {

    public ContainerNet {
        endpoints = endpoints == null ? new LinkedHashMap<>() : new LinkedHashMap<>(endpoints);
        ports = ports == null ? List.of() : List.copyOf(ports);
        dnsAddress = dnsAddress == null ? "" : dnsAddress;
    }

    public ContainerNet withEndpoints(Map<String, Endpoint> e) {
        return new ContainerNet(containerId, e, ports, dnsAddress);
    }

    public ContainerNet withPorts(List<PublishedPort> p) {
        return new ContainerNet(containerId, endpoints, p, dnsAddress);
    }
}
