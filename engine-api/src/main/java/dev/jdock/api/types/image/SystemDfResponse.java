package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.build.BuildCache;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.volume.Volume;
import java.util.List;

/**
 * {@code GET /system/df} ({@code SystemDataUsageResponse}). {@code LayersSize} is the unpacked size of every layer in
 * the store; each volume carries its {@code UsageData}; {@code BuildCache} the classic builder's cache entries.
 * {@code BuilderSize} (deprecated, moby's {@code omitempty}) is the cache's total size for clients below API 1.42.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemDfResponse(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<ContainerSummary> containers,
        @JsonProperty("Volumes") List<Volume> volumes,
        @JsonProperty("BuildCache") List<BuildCache> buildCache,
        @JsonProperty("BuilderSize") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long builderSize) {

    /** Without {@code BuilderSize} (API 1.42 and up). */
    public SystemDfResponse(long layersSize, List<ImageSummary> images, List<ContainerSummary> containers,
            List<Volume> volumes, List<BuildCache> buildCache) {
        this(layersSize, images, containers, volumes, buildCache, 0);
    }
}
