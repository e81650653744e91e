package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Static IPAM settings of an endpoint.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record EndpointIpamConfig(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("IPv4Address") String ipv4Address,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("IPv6Address") String ipv6Address,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("LinkLocalIPs") List<String> linkLocalIps) {

}
