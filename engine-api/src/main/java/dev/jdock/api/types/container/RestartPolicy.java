package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Restart policy: {@code ""}, {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record RestartPolicy(
        @JsonProperty("Name") String name,
        @JsonProperty("MaximumRetryCount") long maximumRetryCount) {

    public RestartPolicy {
        name = name == null ? "" : name;
    }

}
