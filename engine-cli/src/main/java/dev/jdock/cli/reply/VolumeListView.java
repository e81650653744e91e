package dev.jdock.cli.reply;

import dev.jdock.api.types.volume.VolumeListResponse;
import java.util.List;

/** The reply of {@code GET /volumes} ({@link VolumeListResponse}). */
@ViewOf(VolumeListResponse.class)
public final class VolumeListView extends JsonView {
    static final String VOLUMES = "Volumes";

    public VolumeListView(Object json) {
        super(json);
    }

    public List<VolumeView> volumes() {
        return VolumeView.listOf(list(VOLUMES));
    }
}
