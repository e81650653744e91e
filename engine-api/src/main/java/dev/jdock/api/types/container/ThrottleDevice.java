package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-device blkio rate limit.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ThrottleDevice(
        @JsonProperty("Path") String path,
        @JsonProperty("Rate") long rate) {

    public ThrottleDevice {
        path = path == null ? "" : path;
    }

}
