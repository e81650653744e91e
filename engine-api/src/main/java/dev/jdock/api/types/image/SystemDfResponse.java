package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.ContainerSummary;
import java.util.List;

/**
 * {@code GET /system/df} ({@code SystemDataUsageResponse}). {@code LayersSize} is the unpacked size of every layer in
 * the store. Volumes and build cache are always empty lists here (jdock has neither yet).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemDfResponse(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<ContainerSummary> containers,
        @JsonProperty("Volumes") List<Object> volumes,
        @JsonProperty("BuildCache") List<Object> buildCache) {
}
