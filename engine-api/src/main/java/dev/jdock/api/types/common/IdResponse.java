package dev.jdock.api.types.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A response carrying only an ID: {@code {"Id":"..."}}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record IdResponse(
        @JsonProperty("Id") String id) {

    public IdResponse {
        id = id == null ? "" : id;
    }

}
