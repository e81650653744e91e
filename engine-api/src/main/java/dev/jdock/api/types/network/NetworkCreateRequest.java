package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /networks/create}: the fields jdockd reads. Docker's {@code CheckDuplicate} is accepted and
 * ignored (as any unknown field); {@code Scope}, {@code Ingress}, {@code ConfigOnly} and {@code ConfigFrom} are read to
 * refuse them as dockerd without swarm (or jdockd, for config-only networks) does. {@code EnableIPv6} stays null when
 * the client did not send it, as {@code EnableIPv4} (API 1.48; null: on). Written back, null fields are left out.
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
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Ingress") Boolean ingress,
        @JsonProperty("ConfigOnly") Boolean configOnly,
        @JsonProperty("ConfigFrom") ConfigReference configFrom,
        @JsonProperty("EnableIPv4") Boolean enableIpv4) {

    /** Without {@code EnableIPv4} (IPv4 on). */
    public NetworkCreateRequest(String name, String driver, boolean internal, boolean attachable, Boolean enableIpv6,
            Ipam ipam, Map<String, String> options, Map<String, String> labels, String scope, Boolean ingress,
            Boolean configOnly, ConfigReference configFrom) {
        this(name, driver, internal, attachable, enableIpv6, ipam, options, labels, scope, ingress, configOnly,
                configFrom, null);
    }

    public NetworkCreateRequest withEnableIpv4(Boolean v) {
        return new NetworkCreateRequest(name, driver, internal, attachable, enableIpv6, ipam, options, labels, scope,
                ingress, configOnly, configFrom, v);
    }

    /** A request without the swarm and config-only fields. */
    public NetworkCreateRequest(String name, String driver, boolean internal, boolean attachable, Boolean enableIpv6,
            Ipam ipam, Map<String, String> options, Map<String, String> labels) {
        this(name, driver, internal, attachable, enableIpv6, ipam, options, labels, null, null, null, null);
    }

    /** moby's {@code network.ConfigReference}. */
    public record ConfigReference(@JsonProperty("Network") String network) {
    }
}
