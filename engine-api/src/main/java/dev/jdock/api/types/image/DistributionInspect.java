package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The reply to {@code GET /distribution/{name}/json}: the registry's manifest descriptor and the platforms it serves
 * (an index's entries, or the image config's platform; null when the config names none).
 */
public record DistributionInspect(
        @JsonProperty("Descriptor") OciDescriptor descriptor,
        @JsonProperty("Platforms") List<OciPlatform> platforms) {
}
