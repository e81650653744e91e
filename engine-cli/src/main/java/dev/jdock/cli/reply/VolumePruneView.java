package dev.jdock.cli.reply;

import dev.jdock.api.types.volume.VolumePruneResponse;
import java.util.List;

/** The reply of {@code POST /volumes/prune} ({@link VolumePruneResponse}). */
@ViewOf(VolumePruneResponse.class)
public final class VolumePruneView extends JsonView {
    static final String VOLUMES_DELETED = "VolumesDeleted";
    static final String SPACE_RECLAIMED = "SpaceReclaimed";

    public VolumePruneView(Object json) {
        super(json);
    }

    /** The names of the removed volumes (null on the wire: none). */
    public List<String> volumesDeleted() {
        return strings(VOLUMES_DELETED);
    }

    public long spaceReclaimed() {
        return num(SPACE_RECLAIMED);
    }
}
