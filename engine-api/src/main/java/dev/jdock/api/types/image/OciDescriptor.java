package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The manifest's descriptor in {@code GET /distribution/{name}/json}: media type, size and digest. jdockd writes
 * {@code size} before {@code digest}; dockerd writes {@code digest} first (see the golden README).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciDescriptor(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("size") long size,
        @JsonProperty("digest") String digest) {
}
