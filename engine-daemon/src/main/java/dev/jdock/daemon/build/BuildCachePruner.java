package dev.jdock.daemon.build;

import dev.jdock.api.types.build.BuildCache;
import dev.jdock.api.types.build.BuildCachePruneResponse;
import dev.jdock.daemon.api.FilterTime;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /build/prune} and the {@code BuildCache} of {@code /system/df}: the cache's entries, oldest use first.
 * Pruning drops an entry and removes its image when nothing else holds it (a tag, a child image, a container); an
 * image still held stays, and only its entry goes. {@code until}/{@code unused-for} keep recently used entries;
 * {@code keep-storage} stops once the entries left hold no more than that many bytes. Entries carry no labels, so a
 * {@code label} filter matches none of them and {@code label!} all of them (what {@code system prune --filter label=}
 * asks of the build cache).
 */
public final class BuildCachePruner {
    private static final Set<String> FILTERS = Set.of("id", "parent", "type", "description", "inuse", "shared",
            "private", "until", "unused-for", "unused_for", "label", "label!");

    /** Removes an image that nothing holds; returns the bytes freed, or -1 when it is held (and stays). */
    public interface ImageRemoval {
        long removeIfUnused(String imageId);

        /** Bytes of the image's own layer (not its parent's). */
        long ownSize(String imageId);
    }

    private final StepCache cache;
    private final ImageRemoval images;
    private final CacheMounts mounts;

    BuildCachePruner(StepCache cache, ImageRemoval images, CacheMounts mounts) {
        this.cache = cache;
        this.images = images;
        this.mounts = mounts;
    }

    public BuildCachePruneResponse prune(Filters filters, boolean all, long keepStorage) {
        try {
            filters.validate(FILTERS);
        } catch (EngineException e) {
            throw EngineException.invalid("failed to prune build cache: " + e.getMessage());
        }
        if (!filters.values("label").isEmpty()) { // entries carry no labels: BuildKit's label filter matches none
            return new BuildCachePruneResponse(null, 0);
        }
        Instant before = before(filters, Instant.now());
        List<StepCache.Entry> entries = new ArrayList<>(cache.all());
        entries.sort(Comparator.comparing(StepCache.Entry::lastUsed));
        long kept = 0;
        for (var e : entries) {
            kept += Math.max(0, images.ownSize(e.image()));
        }
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (var e : entries) {
            if (keepStorage > 0 && kept <= keepStorage) {
                break;
            }
            if (before != null && !Instant.parse(e.lastUsed()).isBefore(before)) {
                continue;
            }
            long size = Math.max(0, images.ownSize(e.image()));
            cache.remove(e.key());
            long freed = images.removeIfUnused(e.image());
            deleted.add(e.key());
            kept -= size;
            reclaimed += Math.max(0, freed);
        }
        if (before == null && keepStorage <= 0) {
            mounts.prune(); // RUN cache mounts that no step holds
        }
        return new BuildCachePruneResponse(deleted.isEmpty() ? null : deleted, reclaimed);
    }

    /**
     * moby 28's build prune: {@code until} (or its old name {@code unused-for}) as GetTimestamp reads it, a refusal
     * wrapped as it wraps it.
     */
    static Instant before(Filters filters, Instant now) {
        for (String key : List.of("until", "unused-for", "unused_for")) {
            for (String v : filters.values(key)) {
                try {
                    return FilterTime.parse(v, now);
                } catch (EngineException e) {
                    throw EngineException.invalid("\"" + key + "\" filter expects a duration (e.g., '24h') or a "
                            + "timestamp: " + e.getMessage());
                }
            }
        }
        return null;
    }

    /** The entries as {@code /system/df} lists them. */
    public List<BuildCache> usage() {
        List<BuildCache> out = new ArrayList<>();
        for (var e : cache.all()) {
            out.add(new BuildCache(e.key().substring(0, 25), e.parent() == null ? "" : e.parent(), null, "regular",
                    e.description(), false, false, Math.max(0, images.ownSize(e.image())), e.created(),
                    e.lastUsed(), e.usageCount()));
        }
        return out;
    }
}
