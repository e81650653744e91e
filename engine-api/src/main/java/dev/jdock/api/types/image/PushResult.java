package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code aux} message that ends a push's progress stream: the tag pushed, its manifest digest and size. */
public record PushResult(
        @JsonProperty("Tag") String tag,
        @JsonProperty("Digest") String digest,
        @JsonProperty("Size") int size) {
}
