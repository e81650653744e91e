package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A network's {@code IPAM} (moby's {@code network.IPAM}): in inspect and in the create request. No field is
 * omitempty: {@code Options} is written as {@code null} when there are none, {@code Config} as {@code []}.
 */
public record Ipam(
        @JsonProperty("Driver") String driver,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Config") List<IpamConfig> config) {

    /** The name of the only IPAM driver jdockd has. */
    public static final String DEFAULT_DRIVER = "default";
}
