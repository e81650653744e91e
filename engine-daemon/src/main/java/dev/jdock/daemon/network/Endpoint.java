package dev.jdock.daemon.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's attachment to one network. {@code requestedIp} and {@code aliases} come from the user (create or
 * connect); {@code ip}, {@code mac} and {@code hostVeth} are set while the container runs, and cleared when it stops.
 * {@code requestedMac} is the endpoint's configured MAC address ({@code --mac-address}; empty: derived from the IP).
 * {@code links} ({@code name:alias}, names the linked containers by alias for this container's DNS on this network),
 * {@code linkLocalIps} (added to the interface, 169.254.0.0/16) and {@code driverOpts} come from the user too;
 * left out of the state file when empty, so an endpoint without them is stored as before they existed.
 * {@code gwPriority} (API 1.48 {@code GwPriority}) orders the endpoints for the default gateway
 * ({@link GatewayChoice}); left out when 0. On an IPv6 network the endpoint has an IPv6 address too: {@code ip6}
 * (set while it runs, as {@code ip}) and {@code requestedIp6} ({@code --ip6}); left out when empty.
 */
public record Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
        String mac, String hostVeth, String ifName, String requestedMac,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> links,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> linkLocalIps,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> driverOpts,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long gwPriority,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String ip6,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String requestedIp6) {

    public Endpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        requestedIp = requestedIp == null ? "" : requestedIp;
        ip = ip == null ? "" : ip;
        mac = mac == null ? "" : mac;
        hostVeth = hostVeth == null ? "" : hostVeth;
        ifName = ifName == null ? "" : ifName;
        requestedMac = requestedMac == null ? "" : requestedMac;
        links = links == null ? List.of() : List.copyOf(links);
        linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
        driverOpts = driverOpts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(driverOpts));
        ip6 = ip6 == null ? "" : ip6;
        requestedIp6 = requestedIp6 == null ? "" : requestedIp6;
    }

    public Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
            String mac, String hostVeth, String ifName, String requestedMac, List<String> links,
            List<String> linkLocalIps, Map<String, String> driverOpts, long gwPriority) {
        this(networkId, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, requestedMac, links,
                linkLocalIps, driverOpts, gwPriority, "", "");
    }

    public Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
            String mac, String hostVeth, String ifName, String requestedMac, List<String> links,
            List<String> linkLocalIps, Map<String, String> driverOpts) {
        this(networkId, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, requestedMac, links,
                linkLocalIps, driverOpts, 0);
    }

    public Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
            String mac, String hostVeth, String ifName, String requestedMac) {
        this(networkId, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, requestedMac, null, null, null);
    }

    public Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
            String mac, String hostVeth, String ifName) {
        this(networkId, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, "");
    }

    @JsonIgnore
    public boolean isActive() {
        return !ip.isEmpty();
    }

    public Endpoint activated(String newIp, String newMac, String veth, String newIfName) {
        return activated(newIp, "", newMac, veth, newIfName);
    }

    /** Running, with its IPv4 address and its IPv6 one ("" on a network without IPv6). */
    public Endpoint activated(String newIp, String newIp6, String newMac, String veth, String newIfName) {
        return new Endpoint(networkId, endpointId, requestedIp, aliases, newIp, newMac, veth, newIfName,
                requestedMac, links, linkLocalIps, driverOpts, gwPriority, newIp6, requestedIp6);
    }

    /** The same endpoint asking for the IPv6 address {@code ip6} ({@code --ip6}; "" for none). */
    public Endpoint withRequestedIp6(String newRequestedIp6) {
        return new Endpoint(networkId, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, requestedMac,
                links, linkLocalIps, driverOpts, gwPriority, ip6, newRequestedIp6);
    }

    /**
     * The same configuration on network {@code id}: a network missing when the endpoint was recorded (its
     * {@code networkId} empty, kept under the name given, as moby keeps it) or removed since, found again at a start.
     */
    public Endpoint onNetwork(String id) {
        return new Endpoint(id, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, requestedMac, links,
                linkLocalIps, driverOpts, gwPriority, ip6, requestedIp6);
    }

    public Endpoint deactivated() {
        return new Endpoint(networkId, endpointId, requestedIp, aliases, "", "", "", "", requestedMac, links,
                linkLocalIps, driverOpts, gwPriority, "", requestedIp6);
    }
}
