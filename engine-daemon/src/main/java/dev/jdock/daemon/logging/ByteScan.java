package dev.jdock.daemon.logging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time (SWAR on little-endian longs read from the array): the hot loops of reading a
 * log, where a byte-by-byte loop costs more than the rest of the work per line.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    private ByteScan() {
    }

    /**
     * The first index in {@code [from, to)} of a byte that is zero in {@code x}'s lanes: the lowest flagged lane of
     * the classic {@code (v - 0x01..) & ~v & 0x80..} test is exact (borrows only flag lanes above a real one).
     */
    private static long zeroLanes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** The index of the first newline in {@code b[from, to)}, or {@code to} when there is none. */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long m = zeroLanes((long) LONGS.get(b, i) ^ NEWLINES);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /**
     * The end of the run of bytes in {@code b[from, to)} that a JSON string holds as they are (printable ASCII other
     * than {@code "} and {@code \}): the index of the first quote, backslash, control byte or byte >= 0x80, or
     * {@code to}.
     */
    static int plainRun(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(b, i);
            // below 0x20 or from 0x80 up: ((v - 0x20..) | v) has the lane's high bit set (exact for the lowest lane)
            long m = ((v - SPACES) | v) & HIGHS | zeroLanes(v ^ QUOTES) | zeroLanes(v ^ BACKSLASHES);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        while (i < to && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        return i;
    }
}
