package dev.jdock.cli.reply;

import dev.jdock.api.types.build.BuildCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One build cache entry of {@code system df} ({@link BuildCache}). */
@ViewOf(BuildCache.class)
public final class BuildCacheView extends JsonView {
    static final String ID = "ID";
    static final String TYPE = "Type";
    static final String IN_USE = "InUse";
    static final String SHARED = "Shared";
    static final String SIZE = "Size";
    static final String CREATED_AT = "CreatedAt";
    static final String LAST_USED_AT = "LastUsedAt";
    static final String USAGE_COUNT = "UsageCount";
    static final String PARENT = "Parent";
    /** moby's struct tag spells it with a leading space ({@code json:" Parents,omitempty"}): API 1.42+. */
    static final String PARENTS = " Parents";
    static final String DESCRIPTION = "Description";

    public BuildCacheView(Object json) {
        super(json);
    }

    /** The views of a parsed JSON array of entries (null: none). */
    public static List<BuildCacheView> listOf(Object array) {
        List<?> l = elements(array);
        List<BuildCacheView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new BuildCacheView(o));
        }
        return out;
    }

    public String id() {
        return str(ID);
    }

    public String type() {
        return str(TYPE);
    }

    public boolean inUse() {
        return bool(IN_USE);
    }

    public boolean shared() {
        return bool(SHARED);
    }

    public long size() {
        return num(SIZE);
    }

    public long usageCount() {
        return num(USAGE_COUNT);
    }

    /** The docker CLI's {@code .Parent}: the {@code Parents} joined by ", " when there are any, else {@code Parent}. */
    public String parent() {
        List<String> ps = strings(PARENTS);
        return ps != null && !ps.isEmpty() ? String.join(", ", ps) : str(PARENT);
    }

    public String description() {
        return str(DESCRIPTION);
    }

    /** {@code CreatedAt} as sent (RFC 3339), or null. */
    public String createdAt() {
        return str(CREATED_AT);
    }

    /** {@code LastUsedAt} as sent (RFC 3339), or null when never used. */
    public String lastUsedAt() {
        return str(LAST_USED_AT);
    }

    /**
     * The entries in the docker CLI's order: by last use, oldest first (an entry never used by its creation); the
     * daemon's order among equal times.
     */
    public static List<BuildCacheView> byLastUse(List<BuildCacheView> entries) {
        List<BuildCacheView> out = new ArrayList<>(entries);
        out.sort(java.util.Comparator.comparing(BuildCacheView::lastUse));
        return out;
    }

    private Instant lastUse() {
        String t = lastUsedAt() == null || lastUsedAt().isEmpty() ? createdAt() : lastUsedAt();
        try {
            return t == null || t.isEmpty() ? Instant.EPOCH : Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Unix seconds of {@code CreatedAt} (0 when absent or unreadable). */
    public long createdUnix() {
        return unix(str(CREATED_AT));
    }

    /** Unix seconds of {@code LastUsedAt} (0 when absent or unreadable). */
    public long lastUsedUnix() {
        return unix(str(LAST_USED_AT));
    }

    private static long unix(String rfc3339) {
        try {
            return rfc3339 == null || rfc3339.isEmpty() ? 0 : Instant.parse(rfc3339).getEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }
}
