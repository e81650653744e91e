package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A port in {@code GET /containers/json} ({@code Ports[]}).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record Port(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("IP") String ip,
        @JsonProperty("PrivatePort") int privatePort,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("PublicPort") Integer publicPort,
        @JsonProperty("Type") String type) {

    public Port {
        type = type == null ? "" : type;
    }

}
