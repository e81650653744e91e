package dev.jdock.api.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Go's time.ParseDuration: what it takes and its messages for what it refuses. */
class GoDurationTest {
    @Test
    void takes() {
        assertEquals(90_000_000_000L, GoDuration.parseNanos("1m30s"));
        assertEquals(5_400_000_000_000L, GoDuration.parseNanos("1.5h"));
        assertEquals(500_000_000L, GoDuration.parseNanos(".5s"));
        assertEquals(5_000_000_000L, GoDuration.parseNanos("5.s"));
        assertEquals(1_000L, GoDuration.parseNanos("1\u00b5s"));
        assertEquals(1_000L, GoDuration.parseNanos("1\u03bcs"));
        assertEquals(-2_000_000_000L, GoDuration.parseNanos("-2s"));
        assertEquals(0L, GoDuration.parseNanos("0"));
        assertEquals(0L, GoDuration.parseNanos("-0"));
        assertEquals(Long.MAX_VALUE, GoDuration.parseNanos("9223372036854775807ns"));
    }

    @Test
    void refuses_inGosWords() {
        for (String[] c : new String[][] {
            {"abc", "time: invalid duration \"abc\""},
            {"", "time: invalid duration \"\""},
            {".", "time: invalid duration \".\""},
            {"1.2.3s", "time: invalid duration \"1.2.3s\""},
            {"3000000h", "time: invalid duration \"3000000h\""},
            {"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
            {"5", "time: missing unit in duration \"5\""},
            {"1hh", "time: unknown unit \"hh\" in duration \"1hh\""}}) {
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> GoDuration.parseNanos(c[0]))
                    .getMessage(), c[0]);
        }
    }
}
