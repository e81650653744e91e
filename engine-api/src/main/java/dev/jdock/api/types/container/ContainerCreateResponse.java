package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Response of {@code POST /containers/create} (201).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ContainerCreateResponse(
        @JsonProperty("Id") String id,
        @JsonProperty("Warnings") List<String> warnings) {

    public ContainerCreateResponse {
        id = id == null ? "" : id;
    }

}
