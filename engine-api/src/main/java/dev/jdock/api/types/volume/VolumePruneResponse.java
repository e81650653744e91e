package dev.jdock.api.types.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The reply to {@code POST /volumes/prune}: the names removed ({@code []} when none) and the bytes freed. */
public record VolumePruneResponse(
        @JsonProperty("VolumesDeleted") List<String> volumesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
