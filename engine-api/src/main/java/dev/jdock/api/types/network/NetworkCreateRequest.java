package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /networks/create}: the fields jdockd reads. Docker's {@code CheckDuplicate}, {@code Scope},
 * {@code Ingress}, {@code ConfigOnly} and {@code ConfigFrom} are accepted and ignored (as any unknown field);
 * {@code EnableIPv6} stays null when the client did not send it. Written back, null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {
}
