package dev.jdock.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTimeTest {
    private static final DateTimeFormatter FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static long parse(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.US_ASCII);
        return LogTime.parseNanos(b, 2, b.length - 4);
    }

    private static long instantNanos(String s) {
        try {
            return LogTime.toNanos(Instant.parse(s));
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    @Test
    void parse_agreesWithInstantParse() {
        String[] times = {"2026-11-28T02:03:04.123456789Z", "2026-11-28T02:03:04.5Z", "2026-11-28T02:03:04Z",
            "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999999999Z", "2001-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z", "2026-11-28T24:00:00Z", "2016-12-31T23:59:60Z", "2026-11-28T02:03:04.Z",
            "2026-11-28T02:03:04.1234567890Z", "2026-11-28T03:03:04.5+01:00", "2026-11-28 02:03:04Z",
            "1600-01-01T00:00:00Z", "2100-02-28T12:00:00.000000001Z", "2400-02-29T00:00:00Z", "garbage", "",
            "2026-1a-28T02:03:04Z", "2026-11-28T02:0-:04Z"};
        for (String t : times) {
            assertEquals(instantNanos(t), parse(t), t);
        }
        Random rnd = new Random(3339);
        for (int i = 0; i < 5_000; i++) {
            Instant t = Instant.ofEpochSecond(rnd.nextInt(Integer.MAX_VALUE) * 4L - 4_000_000_000L,
                    rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1_000_000_000));
            String s = t.toString(); // RFC3339 with 0, 3, 6 or 9 digits
            assertEquals(instantNanos(s), parse(s), s);
        }
    }

    @Test
    void writeFixed_agreesWithTheFormatter() {
        Random rnd = new Random(9);
        byte[] out = new byte[64];
        for (int i = 0; i < 5_000; i++) {
            long nanos = rnd.nextLong() % 9_000_000_000_000_000_000L;
            int n = LogTime.writeFixed(nanos, out, 0);
            assertEquals(FIXED.format(LogTime.toInstant(nanos)), new String(out, 0, n, StandardCharsets.US_ASCII));
        }
        int n = LogTime.writeFixed(0, out, 0);
        assertEquals("1970-01-01T00:00:00.000000000Z", new String(out, 0, n, StandardCharsets.US_ASCII));
    }
}
