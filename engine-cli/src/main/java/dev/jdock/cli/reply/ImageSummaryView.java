package dev.jdock.cli.reply;

import dev.jdock.api.types.image.ImageSummary;
import java.util.ArrayList;
import java.util.List;

/** One element of {@code GET /images/json} or of {@code system df}'s images ({@link ImageSummary}). */
@ViewOf(ImageSummary.class)
public final class ImageSummaryView extends JsonView {
    static final String ID = "Id";
    static final String CREATED = "Created";
    static final String SIZE = "Size";
    static final String SHARED_SIZE = "SharedSize";
    static final String CONTAINERS = "Containers";
    static final String REPO_TAGS = "RepoTags";
    static final String REPO_DIGESTS = "RepoDigests";

    public ImageSummaryView(Object json) {
        super(json);
    }

    /** The views of a parsed {@code /images/json} array. */
    public static List<ImageSummaryView> listOf(Object array) {
        List<?> l = elements(array);
        List<ImageSummaryView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new ImageSummaryView(o));
        }
        return out;
    }

    /** {@code sha256:…}. */
    public String id() {
        return str(ID);
    }

    /** Creation time in unix seconds. */
    public long created() {
        return num(CREATED);
    }

    public long size() {
        return num(SIZE);
    }

    /** Bytes shared with other images: -1 when the daemon did not compute it, 0 when absent (Go's zero value). */
    public long sharedSize() {
        return num(SHARED_SIZE);
    }

    /** True when the reply carries {@code SharedSize} (not null). */
    public boolean hasSharedSize() {
        return has(SHARED_SIZE);
    }

    /** Containers using the image: -1 when the daemon did not count them, 0 when absent (Go's zero value). */
    public long containers() {
        return num(CONTAINERS);
    }

    /** True when the reply carries {@code Containers} (not null). */
    public boolean hasContainers() {
        return has(CONTAINERS);
    }

    /** {@code repo:tag} references ({@code <none>:<none>} for an untagged image on some daemons). */
    public List<String> repoTags() {
        return strings(REPO_TAGS);
    }

    /** {@code repo@sha256:…} references. */
    public List<String> repoDigests() {
        return strings(REPO_DIGESTS);
    }
}
