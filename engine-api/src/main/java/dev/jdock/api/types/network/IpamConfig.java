package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One address pool of a network's {@code IPAM.Config} (moby's {@code network.IPAMConfig}), as requested and as
 * inspected. {@code IPRange} and {@code AuxiliaryAddresses} are left out when empty; {@code Subnet} and
 * {@code Gateway} are always written (every pool jdockd reports has both; Docker marks them omitempty too).
 */
public record IpamConfig(
        @JsonProperty("Subnet") String subnet,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("IPRange") String ipRange,
        @JsonProperty("Gateway") String gateway,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("AuxiliaryAddresses")
        Map<String, String> auxiliaryAddresses) {
}
