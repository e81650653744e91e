package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A network's {@code ConfigFrom}: the config-only network it takes its configuration from ({@code ""}: none). */
public record ConfigReference(@JsonProperty("Network") String network) {
    /** No config network: {@code {"Network":""}}. */
    public static final ConfigReference NONE = new ConfigReference("");

    public ConfigReference {
        network = network == null ? "" : network;
    }
}
