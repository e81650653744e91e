package dev.jdock.api.types.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A volume's disk usage in {@code /system/df}: size in bytes ({@code -1}: not computed, e.g. a volume mounted from a
 * device) and the number of containers referencing it. jdockd writes {@code Size} first; dockerd writes
 * {@code RefCount} first (see the golden README).
 */
public record UsageData(
        @JsonProperty("Size") long size,
        @JsonProperty("RefCount") long refCount) {
}
