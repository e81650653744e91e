package dev.jdock.daemon.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /networks/create}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** IPAM section: only the default driver. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ipam(@JsonProperty("Driver") String driver, @JsonProperty("Config") List<IpamConfig> config,
            @JsonProperty("Options") Map<String, String> options) {
    }

    /** One IPAM pool. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IpamConfig(@JsonProperty("Subnet") String subnet, @JsonProperty("IPRange") String ipRange,
            @JsonProperty("Gateway") String gateway,
            @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {
    }
}
