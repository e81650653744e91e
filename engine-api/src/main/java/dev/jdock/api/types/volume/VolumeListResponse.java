package dev.jdock.api.types.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The reply to {@code GET /volumes}: {@code Warnings} is null when there are none (Go's nil slice). */
public record VolumeListResponse(
        @JsonProperty("Volumes") List<Volume> volumes,
        @JsonProperty("Warnings") List<String> warnings) {
}
