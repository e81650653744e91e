package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-device blkio weight.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record WeightDevice(
        @JsonProperty("Path") String path,
        @JsonProperty("Weight") int weight) {

    public WeightDevice {
        path = path == null ? "" : path;
    }

}
