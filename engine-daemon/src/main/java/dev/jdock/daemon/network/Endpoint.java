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
 * ({@link GatewayChoice}); left out when 0.
 */
public record Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
        String mac, String hostVeth, String ifName, String requestedMac,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> links,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> linkLocalIps,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> driverOpts,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long gwPriority) {

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
        return new Endpoint(networkId, endpointId, requestedIp, aliases, newIp, newMac, veth, newIfName,
                requestedMac, links, linkLocalIps, driverOpts, gwPriority);
    }

    /**
     * The same configuration on network {@code id}: a network missing when the endpoint was recorded (its
     * {@code networkId} empty, kept under the name given, as moby keeps it) or removed since, found again at a start.
     */
    public Endpoint onNetwork(String id) {
        return new Endpoint(id, endpointId, requestedIp, aliases, ip, mac, hostVeth, ifName, requestedMac, links,
                linkLocalIps, driverOpts, gwPriority);
    }

    public Endpoint deactivated() {
        return new Endpoint(networkId, endpointId, requestedIp, aliases, "", "", "", "", requestedMac, links,
                linkLocalIps, driverOpts, gwPriority);
    }
}
