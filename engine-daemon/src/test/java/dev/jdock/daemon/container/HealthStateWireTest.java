package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import org.junit.jupiter.api.Test;

/** {@code State.Health}'s bytes, pinned: the typed record writes what the map wrote (and dockerd writes). */
class HealthStateWireTest {
    @Test
    void toHealth_statusStreakAndLog_dockerdBytes() throws Exception {
        HealthState h = HealthState.starting(null)
                .record(new HealthState.Result("2026-01-02T03:00:00Z", "2026-01-02T03:00:01Z", 1, "no"), false, 3)
                .record(new HealthState.Result("2026-01-02T03:00:02Z", "2026-01-02T03:00:03Z", -1, ""), false, 3);
        assertEquals("{\"Status\":\"starting\",\"FailingStreak\":2,\"Log\":[{\"Start\":\"2026-01-02T03:00:00Z\","
                + "\"End\":\"2026-01-02T03:00:01Z\",\"ExitCode\":1,\"Output\":\"no\"},{\"Start\":"
                + "\"2026-01-02T03:00:02Z\",\"End\":\"2026-01-02T03:00:03Z\",\"ExitCode\":-1,\"Output\":\"\"}]}",
                Json.mapper().writeValueAsString(h.toHealth()));
        assertEquals("{\"Status\":\"starting\",\"FailingStreak\":0,\"Log\":[]}",
                Json.mapper().writeValueAsString(HealthState.starting(null).toHealth()));
    }
}
