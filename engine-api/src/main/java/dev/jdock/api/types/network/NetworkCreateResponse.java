package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The reply to {@code POST /networks/create} (201): {@code {"Id":"...","Warning":""}}. */
public record NetworkCreateResponse(
        @JsonProperty("Id") String id,
        @JsonProperty("Warning") String warning) {

    public NetworkCreateResponse {
        id = id == null ? "" : id;
        warning = warning == null ? "" : warning;
    }
}
