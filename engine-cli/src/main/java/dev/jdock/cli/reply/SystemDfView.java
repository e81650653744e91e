package dev.jdock.cli.reply;

import dev.jdock.api.types.image.SystemDfResponse;
import java.util.List;

/** The reply of {@code GET /system/df} ({@link SystemDfResponse}). */
@ViewOf(SystemDfResponse.class)
public final class SystemDfView extends JsonView {
    static final String LAYERS_SIZE = "LayersSize";
    static final String IMAGES = "Images";
    static final String CONTAINERS = "Containers";
    static final String VOLUMES = "Volumes";
    static final String BUILD_CACHE = "BuildCache";

    public SystemDfView(Object json) {
        super(json);
    }

    public long layersSize() {
        return num(LAYERS_SIZE);
    }

    public List<ImageSummaryView> images() {
        return ImageSummaryView.listOf(list(IMAGES));
    }

    public List<ContainerSummaryView> containers() {
        return ContainerSummaryView.listOf(list(CONTAINERS));
    }

    public List<VolumeView> volumes() {
        return VolumeView.listOf(list(VOLUMES));
    }

    public List<BuildCacheView> buildCache() {
        return BuildCacheView.listOf(list(BUILD_CACHE));
    }
}
