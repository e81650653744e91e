package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /containers/{id}/wait}; {@code Error} is {@code null} on success and is serialised as {@code "Error":null}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record WaitResponse(
        @JsonProperty("StatusCode") long statusCode,
        @JsonProperty("Error") WaitResponse.WaitError error) {

    /** The error of a failed wait, e.g. {@code context canceled}. */
    public record WaitError(@JsonProperty("Message") String message) {
    }

    public static WaitResponse exited(long statusCode) {
        return new WaitResponse(statusCode, null);
    }

}
