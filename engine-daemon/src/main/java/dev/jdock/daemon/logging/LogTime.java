package dev.jdock.daemon.logging;

import dev.jdock.daemon.api.Rfc3339;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Log times without allocation on the common shapes: the monitor's RFC3339Nano in UTC
 * ({@code 2026-11-28T02:03:04.5Z}, 0 to 9 fraction digits) parsed by hand ({@link Rfc3339}), anything else through
 * {@link Instant#parse}; and Go's RFC3339NanoFixed ({@code 2026-11-28T02:03:04.500000000Z}, as docker prints with
 * --timestamps) written by hand for years 1 to 9999, by {@link DateTimeFormatter} otherwise.
 */
final class LogTime {
    /** The length of an RFC3339NanoFixed time. */
    static final int FIXED_LENGTH = 30;
    private static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private LogTime() {
    }

    /**
     * Epoch nanoseconds of an RFC3339 time in {@code b[off, off+len)} (as {@code Instant.parse} reads it), or
     * {@link Long#MIN_VALUE} when it is not one. Times beyond the range of a long in nanoseconds (years before
     * 1678 or after 2261) are clamped to its ends.
     */
    static long parseNanos(byte[] b, int off, int len) {
        long fast = Rfc3339.utcNanos(b, off, len);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return toNanos(Instant.parse(new String(b, off, len, StandardCharsets.ISO_8859_1)));
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    static long toNanos(Instant t) {
        if (t.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (t.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE + 1;
        }
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Writes {@code nanos} as RFC3339NanoFixed at {@code dst[off]}; returns the length written. */
    static int writeFixed(long nanos, byte[] dst, int off) {
        long secs = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            byte[] s = RFC3339_NANO_FIXED.format(toInstant(nanos)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, dst, off, s.length);
            return s.length;
        }
        put(dst, off, (int) year, 4);
        dst[off + 4] = '-';
        put(dst, off + 5, month, 2);
        dst[off + 7] = '-';
        put(dst, off + 8, day, 2);
        dst[off + 10] = 'T';
        put(dst, off + 11, sod / 3600, 2);
        dst[off + 13] = ':';
        put(dst, off + 14, sod / 60 % 60, 2);
        dst[off + 16] = ':';
        put(dst, off + 17, sod % 60, 2);
        dst[off + 19] = '.';
        put(dst, off + 20, nano, 9);
        dst[off + 29] = 'Z';
        return FIXED_LENGTH;
    }

    private static void put(byte[] dst, int off, int v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            dst[off + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
