package dev.jdock.api.types.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The reply to {@code POST /build/prune}: the cache records removed (null when none) and the bytes freed. */
public record BuildCachePruneResponse(
        @JsonProperty("CachesDeleted") List<String> cachesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {

    /** Nothing removed: {@code {"CachesDeleted":null,"SpaceReclaimed":0}} (jdockd has no build cache). */
    public static final BuildCachePruneResponse NOTHING = new BuildCachePruneResponse(null, 0);
}
