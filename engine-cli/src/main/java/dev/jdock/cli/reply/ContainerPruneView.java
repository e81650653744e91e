package dev.jdock.cli.reply;

import dev.jdock.api.types.container.ContainerPruneResponse;
import java.util.List;

/** The reply of {@code POST /containers/prune} ({@link ContainerPruneResponse}). */
@ViewOf(ContainerPruneResponse.class)
public final class ContainerPruneView extends JsonView {
    static final String CONTAINERS_DELETED = "ContainersDeleted";
    static final String SPACE_RECLAIMED = "SpaceReclaimed";

    public ContainerPruneView(Object json) {
        super(json);
    }

    /** The IDs of the removed containers (null on the wire: none). */
    public List<String> containersDeleted() {
        return strings(CONTAINERS_DELETED);
    }

    public long spaceReclaimed() {
        return num(SPACE_RECLAIMED);
    }
}
