package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    /** Instant.parse's answer, or its exception's class and message. */
    private static String instantParse(String s) {
        try {
            return Instant.parse(s).toString();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String ours(String s) {
        try {
            return Rfc3339.parse(s).toString();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void parse_agreesWithInstantParse() {
        String[] times = {"2026-11-28T02:03:04.123456789Z", "2026-11-28T02:03:04.5Z", "2026-11-28T02:03:04Z",
            "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "2000-02-29T23:59:59.999999999Z", "2001-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-28T24:00:00Z", "2016-12-31T23:59:60Z", "2026-11-28T02:03:04.Z", "2026-11-28T02:03:04.1234567890Z",
            "2026-11-28T03:03:04.5+01:00", "2026-11-28 02:03:04Z", "1600-01-01T00:00:00Z",
            "2100-02-28T12:00:00.000000001Z", "2400-02-29T00:00:00Z", "9999-12-31T23:59:59Z", "garbage", "",
            "2026-1a-28T02:03:04Z", "2026-11-28T02:0-:04Z", "2026-11-28T02:03:04,5Z", "２026-11-28T02:03:04Z",
            "2026-11-28T02:03:04.5z"};
        for (String t : times) {
            assertEquals(instantParse(t), ours(t), t);
        }
        Random rnd = new Random(3339);
        for (int i = 0; i < 5_000; i++) {
            Instant t = Instant.ofEpochSecond(rnd.nextInt(Integer.MAX_VALUE) * 4L - 4_000_000_000L,
                    rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1_000_000_000));
            String s = t.toString(); // RFC3339 with 0, 3, 6 or 9 digits
            assertEquals(instantParse(s), ours(s), s);
        }
    }
}
