package dev.jdock.daemon.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * RFC 3339 times as {@link Instant#parse} reads them, the common shape parsed by hand: UTC,
 * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z} (what {@code Instant.toString()} and the monitor write), years 1678 to 2261,
 * no leap second; any other shape goes to {@code Instant.parse}, which decides. {@code Instant.parse} goes through
 * {@code DateTimeFormatter}'s resolver, hundreds of calls a time: a daemon that has not compiled it yet spent half of
 * a 100-container {@code GET /containers/json} there (two times per container).
 */
public final class Rfc3339 {
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private Rfc3339() {
    }

    /** {@link Instant#parse}: the same instant, or the same exception. */
    public static Instant parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1); // a character beyond Latin-1 becomes '?': not the shape
        long nanos = utcNanos(b, 0, b.length);
        if (nanos == Long.MIN_VALUE) {
            return Instant.parse(s);
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * Epoch nanoseconds of {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z} in {@code b[off, off+len)} by hand (years 1678 to
     * 2261: within a long's nanoseconds), or {@link Long#MIN_VALUE} for any other shape, which
     * {@link Instant#parse} may still read.
     */
    public static long utcNanos(byte[] b, int off, int len) {
        if (len < 20 || len > 30 || b[off + len - 1] != 'Z' || b[off + 4] != '-' || b[off + 7] != '-'
                || b[off + 10] != 'T' || b[off + 13] != ':' || b[off + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, off, 4);
        int month = digits(b, off + 5, 2);
        int day = digits(b, off + 8, 2);
        int hour = digits(b, off + 11, 2);
        int min = digits(b, off + 14, 2);
        int sec = digits(b, off + 17, 2);
        if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]
                || month == 2 && day == 29 && !leap(year) || hour > 23 || min > 59 || sec > 59) {
            return Long.MIN_VALUE; // leap seconds, far years, impossible dates: Instant.parse decides
        }
        int nano = 0;
        int end = off + len - 1;
        int p = off + 19;
        if (p < end) {
            if (b[p] != '.' || end - p - 1 < 1) {
                return Long.MIN_VALUE;
            }
            int n = end - p - 1;
            int f = digits(b, p + 1, n);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            for (int i = n; i < 9; i++) {
                f *= 10;
            }
            nano = f;
        }
        if (hour < 0 || min < 0 || sec < 0) {
            return Long.MIN_VALUE;
        }
        long secs = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + min * 60L + sec;
        return secs * 1_000_000_000L + nano;
    }

    private static boolean leap(int y) {
        return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    }

    /** The decimal number of {@code n} digits at {@code off}, or -1 when one is not a digit. */
    private static int digits(byte[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
