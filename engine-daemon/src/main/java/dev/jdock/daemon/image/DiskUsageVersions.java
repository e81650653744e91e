package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.build.BuildCache;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.daemon.errors.EngineException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The version gates of moby 28's {@code GET /system/df} (getDiskUsage): the {@code type} query exists from API 1.42
 * (below, every object type is computed, whatever is asked; from 1.42 an unknown type is a 400); below 1.42 a build
 * cache record names its parent in {@code Parent} and the answer carries {@code BuilderSize}, the cache's total size
 * ({@code omitempty}), from 1.42 the parents are in {@code Parents} and there is no {@code BuilderSize}. Images'
 * {@code VirtualSize} (below 1.44) is the image list's own gate.
 */
final class DiskUsageVersions {
    private static final ApiVersion TYPES_QUERY = new ApiVersion(1, 42);
    private static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

    private DiskUsageVersions() {
    }

    /** The object types to compute ({@code DiskUsage.compute}'s {@code types}: empty means all). */
    static Set<String> types(List<String> asked, ApiVersion version) {
        if (!version.atLeast(TYPES_QUERY)) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : asked) {
            if (!TYPES.contains(t)) {
                throw EngineException.invalid("unknown object type: " + t);
            }
            out.add(t);
        }
        return out;
    }

    /** {@code df} (with the cache records as the builder lists them) in the shape of {@code version}. */
    static SystemDfResponse forVersion(SystemDfResponse df, ApiVersion version) {
        if (df.buildCache() == null) {
            return df;
        }
        boolean old = !version.atLeast(TYPES_QUERY);
        long builderSize = 0;
        List<BuildCache> cache = new java.util.ArrayList<>(df.buildCache().size());
        for (BuildCache b : df.buildCache()) {
            if (old) {
                builderSize += b.size();
            }
            cache.add(old ? b.withParentOnly() : b.withParentsOnly());
        }
        return new SystemDfResponse(df.layersSize(), df.images(), df.containers(), df.volumes(), cache,
                builderSize);
    }
}
