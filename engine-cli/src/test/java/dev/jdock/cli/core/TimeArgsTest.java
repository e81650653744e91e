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
}
