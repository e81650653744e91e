package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The reply to {@code POST /containers/prune}: the IDs removed (null when none, Go's nil slice) and the bytes their
 * writable layers held.
 */
public record ContainerPruneResponse(
        @JsonProperty("ContainersDeleted") List<String> containersDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {

    /** The report of {@code deleted}: null, not {@code []}, when nothing was removed. */
    public static ContainerPruneResponse of(List<String> deleted, long spaceReclaimed) {
        return new ContainerPruneResponse(deleted == null || deleted.isEmpty() ? null : List.copyOf(deleted),
                spaceReclaimed);
    }
}
