package dev.jdock.api.types.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON body of every API error: {@code {"message":"..."}}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ErrorResponse(
        @JsonProperty("message") String message) {

    public ErrorResponse {
        message = message == null ? "" : message;
    }

}
