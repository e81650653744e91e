package dev.jdock.cli.format;

import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.cli.reply.ImageSummaryView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The docker CLI's image rows (its {@code imageContext}): one per repository:tag, digest rows, {@code <none>} for
 * dangling images; {@code images} and {@code system df -v} render them.
 */
public final class ImageRows {
    public static final Map<String, String> HEADERS = headers();

    private ImageRows() {
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Repository", "REPOSITORY");
        h.put("Tag", "TAG");
        h.put("ID", "IMAGE ID");
        h.put("CreatedSince", "CREATED");
        h.put("CreatedAt", "CREATED AT");
        h.put("Size", "SIZE");
        h.put("Digest", "DIGEST");
        h.put("Containers", "CONTAINERS");
        h.put("SharedSize", "SHARED SIZE");
        h.put("UniqueSize", "UNIQUE SIZE");
        h.put("VirtualSize", "SIZE");
        return h;
    }

    /** (repository, tag, digest) per displayed row, as the docker CLI's imageFormatTaggedAndDigest. */
    public static List<String[]> rowsOf(ImageSummaryView img, boolean showDigests) {
        return rowsOf(img.repoTags(), img.repoDigests(), showDigests, showDigests);
    }

    /**
     * {@code tagDigests}: a tagged row shows its repository's digests (a row per digest); {@code digestRows}: a
     * digest-only repository gets a row per digest, else one row with an empty digest.
     */
    public static List<String[]> rowsOf(ImageSummaryView img, boolean tagDigests, boolean digestRows) {
        return rowsOf(img.repoTags(), img.repoDigests(), tagDigests, digestRows);
    }

    /** The rows of an image with these {@code RepoTags} and {@code RepoDigests}. */
    public static List<String[]> rowsOf(List<String> tags, List<String> dgs, boolean tagDigests, boolean digestRows) {
        List<String[]> out = new ArrayList<>();
        boolean dangling = tags.isEmpty() && dgs.isEmpty()
                || tags.size() == 1 && "<none>:<none>".equals(tags.get(0)) && dgs.size() == 1
                && "<none>@<none>".equals(dgs.get(0));
        if (dangling) {
            out.add(new String[] {"<none>", "<none>", "<none>"});
            return out;
        }
        Map<String, List<String>> repoTags = new LinkedHashMap<>();
        Map<String, List<String>> repoDigests = new LinkedHashMap<>();
        for (String ref : tags) {
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/') && !ref.equals("<none>:<none>")) {
                repoTags.computeIfAbsent(ref.substring(0, colon), k -> new ArrayList<>()).add(ref.substring(colon + 1));
            }
        }
        for (String ref : dgs) {
            int at = ref.indexOf('@');
            if (at > 0 && !ref.startsWith("<none>")) {
                repoDigests.computeIfAbsent(ref.substring(0, at), k -> new ArrayList<>()).add(ref.substring(at + 1));
            }
        }
        repoTags.forEach((repo, ts) -> {
            List<String> ds = repoDigests.remove(repo);
            for (String tag : ts) {
                if (!tagDigests || ds == null || ds.isEmpty()) {
                    out.add(new String[] {repo, tag, "<none>"});
                } else {
                    ds.forEach(d -> out.add(new String[] {repo, tag, d}));
                }
            }
        });
        repoDigests.forEach((repo, ds) -> {
            if (digestRows) {
                ds.forEach(d -> out.add(new String[] {repo, "<none>", d}));
            } else {
                out.add(new String[] {repo, "<none>", ""});
            }
        });
        return out;
    }

    public static Map<String, Object> row(ImageSummaryView img, String repo, String tag, String digest, boolean trunc,
            long now) {
        String id = img.id();
        long created = img.created();
        long size = img.size();
        long shared = img.hasSharedSize() ? img.sharedSize() : -1;
        long containers = img.hasContainers() ? img.containers() : -1;
        // CreatedAt (time-zone data) and the 4-digit sizes (BigDecimal) cost ~30 ms on a fresh JVM: computed only
        // when a --format asks for them
        LazyRow r = new LazyRow();
        r.put("Containers", containers == -1 ? "N/A" : Long.toString(containers));
        r.lazy("CreatedAt", () -> Formats.goTime(created));
        r.put("CreatedSince", HumanUnits.duration(Duration.ofMillis(Math.max(0, now - created * 1000))) + " ago");
        r.put("Digest", digest);
        r.put("ID", trunc ? Formats.shortId(id) : id);
        r.put("Repository", repo);
        r.lazy("SharedSize", () -> shared == -1 ? "N/A" : Formats.humanSize4(shared));
        r.put("Size", HumanUnits.size(size));
        r.put("Tag", tag);
        r.lazy("UniqueSize", () -> shared == -1 || size == -1 ? "N/A" : Formats.humanSize4(size - shared));
        r.lazy("VirtualSize", () -> Formats.humanSize4(size));
        return r;
    }
}
