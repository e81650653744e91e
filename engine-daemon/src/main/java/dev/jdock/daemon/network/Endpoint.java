package dev.jdock.daemon.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A container's attachment to one network. {@code requestedIp} and {@code aliases} come from the user (create or
 * connect); {@code ip}, {@code mac} and {@code hostVeth} are set while the container runs, and cleared when it stops.
 * {@code requestedMac} is the endpoint's configured MAC address ({@code --mac-address}; empty: derived from the IP).
 */
public record Endpoint(String networkId, String endpointId, String requestedIp, List<String> aliases, String ip,
        String mac, String hostVeth, String ifName, String requestedMac) {

    public Endpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        requestedIp = requestedIp == null ? "" : requestedIp;
        ip = ip == null ? "" : ip;
        mac = mac == null ? "" : mac;
        hostVeth = hostVeth == null ? "" : hostVeth;
        ifName = ifName == null ? "" : ifName;
        requestedMac = requestedMac == null ? "" : requestedMac;
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
                requestedMac);
    }

    public Endpoint deactivated() {
        return new Endpoint(networkId, endpointId, requestedIp, aliases, "", "", "", "", requestedMac);
    }
}
