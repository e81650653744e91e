package dev.jdock.cli.reply;

import dev.jdock.api.types.image.ImagePruneResponse;
import java.util.List;

/** The reply of {@code POST /images/prune} ({@link ImagePruneResponse}). */
@ViewOf(ImagePruneResponse.class)
public final class ImagePruneView extends JsonView {
    static final String IMAGES_DELETED = "ImagesDeleted";
    static final String SPACE_RECLAIMED = "SpaceReclaimed";

    public ImagePruneView(Object json) {
        super(json);
    }

    /** What was untagged and deleted (null on the wire: nothing). */
    public List<ImageDeleteView> imagesDeleted() {
        return ImageDeleteView.listOf(list(IMAGES_DELETED));
    }

    public long spaceReclaimed() {
        return num(SPACE_RECLAIMED);
    }
}
