package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.EndpointSettings;

/** The body of {@code POST /networks/{id}/connect}: the container and its settings on the network (may be null). */
public record NetworkConnectRequest(
        @JsonProperty("Container") String container,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("EndpointConfig") EndpointSettings endpointConfig) {
}
