package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** --since/--until as docker 28.2.2 sent them for logs and events (recorded on the wire). */
class TimeArgsTest {
    private static final long NOW = 1796595558_766L; // ms

    /** docker: a duration is now minus it in whole seconds (logs --since 10m sent 1796594958, no fraction). */
    @Test
    void duration_wholeSeconds() {
        assertEquals("1796594958", TimeArgs.toApi("10m", NOW));
        assertEquals("1796590158", TimeArgs.toApi("1h30m", NOW));
        assertEquals("1796595557", TimeArgs.toApi("1s", NOW));
        assertEquals("1796599158", TimeArgs.toApi("-1h", NOW)); // docker accepts Go's signed durations
        assertEquals("1796591958", TimeArgs.toApi("+1h", NOW));
    }

    /** docker: a date is seconds.nanoseconds; a unix timestamp passes through. */
    @Test
    void dateAndTimestamp() {
        assertEquals("1735787045.000000000", TimeArgs.toApi("2025-01-02T03:04:05Z", NOW));
        assertEquals("1735776000.500000000", TimeArgs.toApi("2025-01-02T00:00:00.5Z", NOW));
        assertEquals("1700000000.5", TimeArgs.toApi("1700000000.5", NOW));
    }

    /** Go's ParseDuration all through (docker 28.2.2 took these; "0" is no duration but a timestamp). */
    @Test
    void goDurations() {
        assertEquals("1796595558", TimeArgs.toApi(".5s", NOW)); // 766 ms - 500 ms: the same second
        assertEquals("1796595553", TimeArgs.toApi("5.s", NOW));
        assertEquals("1796595558", TimeArgs.toApi("1\u03bcs", NOW)); // Greek mu
        assertEquals("1796595558", TimeArgs.toApi("1\u00b5s", NOW)); // micro sign
        assertEquals("1796595558", TimeArgs.toApi("-0", NOW));
        assertEquals("1796595558", TimeArgs.toApi("+0", NOW));
        assertEquals("0", TimeArgs.toApi("0", NOW));
        assertEquals("1796600958", TimeArgs.toApi("-1.5h", NOW));
        assertEquals("1796588358", TimeArgs.toApi("1.5h30m", NOW));
    }

    /** GetTimestamp's other layouts and its refusals, as docker 28.2.2 printed them (exit 1). */
    @Test
    void layoutsAndRefusals() {
        assertEquals("1704099600.000000000", TimeArgs.toApi("2024-01-01T10+01:00", NOW));
        assertEquals("1704067200.000000000", TimeArgs.toApi("2024-01-01Z", NOW));
        assertEquals("1704121200.500000000", TimeArgs.toApi("2024-01-01T10:00:00.5-05:00", NOW));
        java.time.ZoneOffset here = java.time.ZoneId.systemDefault().getRules()
                .getOffset(java.time.Instant.ofEpochMilli(NOW));
        assertEquals(java.time.LocalDateTime.of(2024, 1, 1, 10, 0).toEpochSecond(here) + ".000000000",
                TimeArgs.toApi("2024-01-01T10", NOW));
        assertEquals(java.time.LocalDateTime.of(2024, 1, 1, 10, 30).toEpochSecond(here) + ".000000000",
                TimeArgs.toApi("2024-01-01T10:30", NOW));
        assertEquals("+5", TimeArgs.toApi("+5", NOW));
        for (String[] c : new String[][] {
            {"foo", "failed to parse value as time or duration: \"foo\""},
            {"1.5.5", "failed to parse value as time or duration: \"1.5.5\""},
            {"3000000h", "failed to parse value as time or duration: \"3000000h\""},
            {"12abc", "failed to parse value as time or duration: \"12abc\""},
            {"99999999999999999999", "failed to parse value as time or duration: \"99999999999999999999\""},
            {"1.", "failed to parse value as time or duration: \"1.\""},
            {"2024-13-01", "parsing time \"2024-13-01\": month out of range"},
            {"2024-02-30", "parsing time \"2024-02-30\": day out of range"},
            {"2024-01-01T24", "parsing time \"2024-01-01T24\": hour out of range"}}) {
            CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                    () -> TimeArgs.toApi(c[0], NOW), c[0]);
            assertEquals(c[1], e.getMessage());
            assertEquals(1, e.exitCode());
        }
    }
}
