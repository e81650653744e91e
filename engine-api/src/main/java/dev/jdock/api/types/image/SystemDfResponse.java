package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.build.BuildCache;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.volume.Volume;
import java.util.List;

/**
 * {@code GET /system/df} ({@code SystemDataUsageResponse}). {@code LayersSize} is the unpacked size of every layer in
 * the store; each volume carries its {@code UsageData}. Build cache is always an empty list (jdockd does not build).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemDfResponse(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<ContainerSummary> containers,
        @JsonProperty("Volumes") List<Volume> volumes,
        @JsonProperty("BuildCache") List<BuildCache> buildCache) {
}
