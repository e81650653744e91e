package dev.jdock.api.types.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The reply to {@code POST /networks/prune}: {@code NetworksDeleted} is null when nothing was removed (nil slice). */
public record NetworkPruneResponse(@JsonProperty("NetworksDeleted") List<String> networksDeleted) {
    /** The report of names removed: null, not {@code []}, when there are none. */
    public static NetworkPruneResponse of(List<String> deleted) {
        return new NetworkPruneResponse(deleted == null || deleted.isEmpty() ? null : List.copyOf(deleted));
    }
}
