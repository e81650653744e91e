package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code until} filter values as dockerd reads them (moby's GetTimestamp, then ParseTimestamps). */
class FilterTimeTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.750Z");

    private static Instant parse(String v) {
        return FilterTime.parse(v, NOW, ZoneOffset.UTC);
    }

    @Test
    void goDurationsAreRelativeToNow_inWholeSeconds() {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        assertEquals(now.minus(Duration.ofMinutes(10)), parse("10m"));
        assertEquals(now.minus(Duration.ofMinutes(90)), parse("1h30m"));
        assertEquals(now.minus(Duration.ofSeconds(1)), parse("1.5s")); // 10:59:59.25 -> :59
        assertEquals(now, parse(".5s")); // Go's forms, signed and fractional, all taken
        assertEquals(now.plus(Duration.ofHours(1)), parse("-1h"));
        assertEquals(now.minus(Duration.ofMinutes(1)), parse("+1m"));
        assertEquals(now, parse("1\u00b5s"));
    }

    @Test
    void timestampsAndDates() {
        assertEquals(Instant.EPOCH, parse("0")); // "0" is no duration but the epoch
        assertEquals(Instant.ofEpochSecond(1700000000), parse("1700000000"));
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), parse("1700000000.5"));
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), parse("2024-01-02T03:04:05Z"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.25Z"), parse("2024-01-02T03:04:05.25Z"));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), parse("2024-01-02T03:04:05+02:00"));
        assertEquals(Instant.parse("2024-01-02T03:04:00Z"), parse("2024-01-02T03:04"));
        assertEquals(Instant.parse("2024-01-02T03:00:00Z"), parse("2024-01-02T03"));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), parse("2024-01-02"));
        assertEquals(Instant.parse("2024-01-02T02:00:00Z"), FilterTime.parse("2024-01-02T03", NOW,
                ZoneOffset.ofHours(1))); // no zone: the daemon's
    }

    @Test
    void refusals_inMobysWords() {
        for (String[] c : new String[][] {
            {"yesterday", "failed to parse value as time or duration: \"yesterday\""},
            {"99999999999999999999", "failed to parse value as time or duration: \"99999999999999999999\""},
            {" 10m", "failed to parse value as time or duration: \" 10m\""},
            {"2024-13-01", "parsing time \"2024-13-01\": month out of range"},
            {"2024-02-30", "parsing time \"2024-02-30\": day out of range"}}) {
            EngineException e = assertThrows(EngineException.class, () -> parse(c[0]), c[0]);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), c[0]);
            assertEquals(c[1], e.getMessage());
        }
    }

    @Test
    void parse_outOfInstantRange_isInvalidParameter() {
        String v = "9223372036854775807";
        EngineException e = assertThrows(EngineException.class, () -> parse(v), v);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), v);
        assertEquals("failed to parse value as time or duration: \"" + v + "\"", e.getMessage());
    }
}
