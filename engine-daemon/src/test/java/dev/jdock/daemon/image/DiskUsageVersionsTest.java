package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.api.types.build.BuildCache;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** moby 28's getDiskUsage gates: the type query from 1.42, BuilderSize and Parent below it, Parents from it. */
class DiskUsageVersionsTest {
    private static final ApiVersion V141 = new ApiVersion(1, 41);
    private static final ApiVersion V148 = new ApiVersion(1, 48);

    private static BuildCache entry(String id, String parent, long size) {
        return new BuildCache(id, parent, null, "regular", "RUN x", false, false, size, "2026-12-07T10:00:00Z", null,
                1);
    }

    private static String json(Object o) throws Exception {
        return Json.mapper().writeValueAsString(o);
    }

    @Test
    void typeQuery_ignoredBelow142_checkedFrom142() {
        assertEquals(Set.of(), DiskUsageVersions.types(List.of("volume"), V141), "every type below 1.42");
        assertEquals(Set.of(), DiskUsageVersions.types(List.of("bogus"), V141), "not read, not refused");
        assertEquals(Set.of("volume", "build-cache"), DiskUsageVersions.types(List.of("volume", "build-cache"), V148));
        EngineException e = assertThrows(EngineException.class,
                () -> DiskUsageVersions.types(List.of("image", "bogus"), V148));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("unknown object type: bogus", e.getMessage());
    }

    @Test
    void buildCache_builderSizeAndParentBelow142_parentsFrom142() throws Exception {
        SystemDfResponse df = new SystemDfResponse(0, List.of(), List.of(), List.of(),
                List.of(entry("aaa", "", 3), entry("bbb", "aaa", 4)));
        String old = json(DiskUsageVersions.forVersion(df, V141));
        assertTrue(old.endsWith(",\"BuilderSize\":7}"), old);
        assertTrue(old.contains("\"ID\":\"bbb\",\"Parent\":\"aaa\",\"Type\""), old);
        assertTrue(old.contains("\"ID\":\"aaa\",\"Type\""), "no parent: omitted, " + old);
        assertFalse(old.contains("Parents"), old);
        String now = json(DiskUsageVersions.forVersion(df, V148));
        assertFalse(now.contains("BuilderSize"), now);
        assertTrue(now.contains("\"ID\":\"bbb\",\" Parents\":[\"aaa\"],\"Type\""), now);
        assertFalse(now.contains("\"Parent\""), now);
        SystemDfResponse empty = new SystemDfResponse(0, List.of(), List.of(), List.of(), List.of());
        assertFalse(json(DiskUsageVersions.forVersion(empty, V141)).contains("BuilderSize"), "omitempty, as moby 28");
        SystemDfResponse notAsked = new SystemDfResponse(0, null, null, List.of(), null);
        assertEquals(notAsked, DiskUsageVersions.forVersion(notAsked, V141));
    }
}
