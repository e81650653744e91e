package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The build prune's {@code until} as moby 28 reads it (GetTimestamp) and wraps its refusal. */
class BuildCachePrunerTest {
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00.5Z");

    @Test
    void until_durationOrTimestamp() {
        assertEquals(Instant.parse("2026-12-06T01:00:00Z"), BuildCachePruner.before(
                Filters.parse("{\"until\":[\"24h\"]}"), NOW));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), BuildCachePruner.before(
                Filters.parse("{\"unused-for\":[\"2024-01-01T00:00:00Z\"]}"), NOW));
        assertNull(BuildCachePruner.before(Filters.parse("{\"id\":[\"x\"]}"), NOW));
    }

    @Test
    void until_refusedInMobysWords() {
        assertEquals("\"until\" filter expects a duration (e.g., '24h') or a timestamp: failed to parse value as time "
                + "or duration: \"7d\"", assertThrows(EngineException.class, () -> BuildCachePruner.before(
                Filters.parse("{\"until\":[\"7d\"]}"), NOW)).getMessage());
    }
}
