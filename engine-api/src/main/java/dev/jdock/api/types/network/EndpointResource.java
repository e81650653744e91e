package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A running container on a network: the values of a network inspect's {@code Containers}, keyed by container ID.
 * {@code IPv4Address} carries the prefix length ({@code 172.18.0.2/16}); no field is omitempty.
 */
public record EndpointResource(
        @JsonProperty("Name") String name,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("IPv4Address") String ipv4Address,
        @JsonProperty("IPv6Address") String ipv6Address) {

    public EndpointResource {
        name = name == null ? "" : name;
        endpointId = endpointId == null ? "" : endpointId;
        macAddress = macAddress == null ? "" : macAddress;
        ipv4Address = ipv4Address == null ? "" : ipv4Address;
        ipv6Address = ipv6Address == null ? "" : ipv6Address;
    }
}
