package dev.jdock.cli.reply;

import dev.jdock.api.types.image.ImageDeleteResponseItem;
import java.util.ArrayList;
import java.util.List;

/** One line of an image removal ({@link ImageDeleteResponseItem}): a reference untagged or an image deleted. */
@ViewOf(ImageDeleteResponseItem.class)
public final class ImageDeleteView extends JsonView {
    static final String UNTAGGED = "Untagged";
    static final String DELETED = "Deleted";

    ImageDeleteView(Object json) {
        super(json);
    }

    /** The views of a parsed {@code DELETE /images/{name}} array. */
    public static List<ImageDeleteView> listOf(Object array) {
        List<?> l = elements(array);
        List<ImageDeleteView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new ImageDeleteView(o));
        }
        return out;
    }

    public boolean hasUntagged() {
        return has(UNTAGGED);
    }

    public String untagged() {
        return str(UNTAGGED);
    }

    public boolean hasDeleted() {
        return has(DELETED);
    }

    public String deleted() {
        return str(DELETED);
    }
}
