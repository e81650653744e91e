package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FilterTimeTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void goDurationsAreRelativeToNow() {
        assertEquals(NOW.minus(Duration.ofMinutes(10)), FilterTime.parse("10m", NOW));
        assertEquals(NOW.minus(Duration.ofMinutes(90)), FilterTime.parse("1h30m", NOW));
        assertEquals(NOW.minus(Duration.ofMillis(1500)), FilterTime.parse("1.5s", NOW));
    }

    @Test
    void timestampsAndDates() {
        assertEquals(Instant.ofEpochSecond(1700000000), FilterTime.parse("1700000000", NOW));
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), FilterTime.parse("2024-01-02T03:04:05Z", NOW));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), FilterTime.parse("2024-01-02T03:04:05+02:00", NOW));
        assertEquals(Instant.parse("2024-01-02T03:04:00Z"), FilterTime.parse("2024-01-02T03:04", NOW));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), FilterTime.parse("2024-01-02", NOW));
        assertThrows(EngineException.class, () -> FilterTime.parse("yesterday", NOW));
    }

    @Test
    void parse_outOfInstantRange_isInvalidParameter() {
        for (String v : new String[] {"99999999999999999999", "-99999999999999999999"}) {
            EngineException e = assertThrows(EngineException.class, () -> FilterTime.parse(v, NOW), v);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), v);
            assertEquals("failed to parse value as time or duration: \"" + v + "\"", e.getMessage());
        }
    }
}
