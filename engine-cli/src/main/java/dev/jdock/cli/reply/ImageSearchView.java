package dev.jdock.cli.reply;

import dev.jdock.api.types.image.ImageSearchResult;
import java.util.ArrayList;
import java.util.List;

/** One entry of {@code GET /images/search} ({@link ImageSearchResult}). */
@ViewOf(ImageSearchResult.class)
public final class ImageSearchView extends JsonView {
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String STAR_COUNT = "star_count";
    static final String IS_OFFICIAL = "is_official";

    public ImageSearchView(Object json) {
        super(json);
    }

    /** The views of a parsed result array. */
    public static List<ImageSearchView> listOf(Object array) {
        List<?> l = elements(array);
        List<ImageSearchView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new ImageSearchView(o));
        }
        return out;
    }

    public String name() {
        return str(NAME);
    }

    public String description() {
        return str(DESCRIPTION);
    }

    public long starCount() {
        return num(STAR_COUNT);
    }

    public boolean isOfficial() {
        return bool(IS_OFFICIAL);
    }
}
