package dev.jdock.api.types.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.Golden;
import org.junit.jupiter.api.Test;

class BuildGoldenTest {
    @Test
    void prune_nothingDeleted_asDockerd() {
        assertEquals(BuildCachePruneResponse.NOTHING,
                Golden.assertRoundTrip("build-prune.json", BuildCachePruneResponse.class));
        assertEquals(Golden.load("build-prune.json"), Golden.write(BuildCachePruneResponse.NOTHING));
    }

    @Test
    void cacheRecord_parentByVersion_asMoby28() {
        BuildCache r = new BuildCache("a", "p", null, "regular", "", false, true, 5, "2026-01-02T03:00:00Z", null, 0);
        assertEquals("{\"ID\":\"a\",\"Parent\":\"p\",\"Type\":\"regular\",\"Description\":\"\",\"InUse\":false,"
                + "\"Shared\":true,\"Size\":5,\"CreatedAt\":\"2026-01-02T03:00:00Z\",\"LastUsedAt\":null,"
                + "\"UsageCount\":0}\n", Golden.write(r.withParentOnly()));
        assertEquals("{\"ID\":\"a\",\" Parents\":[\"p\"],\"Type\":\"regular\",\"Description\":\"\","
                + "\"InUse\":false,\"Shared\":true,\"Size\":5,\"CreatedAt\":\"2026-01-02T03:00:00Z\","
                + "\"LastUsedAt\":null,\"UsageCount\":0}\n", Golden.write(r.withParentsOnly()));
        BuildCache root = new BuildCache("b", "", null, "regular", "", false, false, 0, "2026-01-02T03:00:00Z", null,
                0);
        assertEquals(Golden.write(root.withParentOnly()), Golden.write(root.withParentsOnly()),
                "no parent: neither key (omitempty)");
        assertEquals(false, Golden.write(root.withParentOnly()).contains("Parent"));
    }
}
