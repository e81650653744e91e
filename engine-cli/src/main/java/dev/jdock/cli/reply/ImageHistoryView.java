package dev.jdock.cli.reply;

import dev.jdock.api.types.image.ImageHistoryItem;
import java.util.ArrayList;
import java.util.List;

/** One layer of {@code GET /images/{name}/history} ({@link ImageHistoryItem}). */
@ViewOf(ImageHistoryItem.class)
public final class ImageHistoryView extends JsonView {
    static final String ID = "Id";
    static final String CREATED = "Created";
    static final String CREATED_BY = "CreatedBy";
    static final String SIZE = "Size";
    static final String COMMENT = "Comment";

    public ImageHistoryView(Object json) {
        super(json);
    }

    /** The views of a parsed history array. */
    public static List<ImageHistoryView> listOf(Object array) {
        List<?> l = elements(array);
        List<ImageHistoryView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new ImageHistoryView(o));
        }
        return out;
    }

    /** The layer's image ID, or {@code <missing>}. */
    public String id() {
        return str(ID);
    }

    /** Creation time in unix seconds. */
    public long created() {
        return num(CREATED);
    }

    public String createdBy() {
        return str(CREATED_BY);
    }

    public long size() {
        return num(SIZE);
    }

    public String comment() {
        return str(COMMENT);
    }
}
