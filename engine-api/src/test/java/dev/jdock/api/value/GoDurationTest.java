package dev.jdock.api.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Go's time.ParseDuration: what it takes and its messages for what it refuses (go1.19.8's answers). */
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
        assertEquals(Long.MAX_VALUE, GoDuration.parseNanos("2562047h47m16.854775807s"));
        assertEquals(Long.MIN_VALUE, GoDuration.parseNanos("-9223372036854775808ns"));
        assertEquals(1_000_000_000L, GoDuration.parseNanos("00000000000000000000001s"));
        assertEquals(0L, GoDuration.parseNanos("0.0000000001s")); // Go truncates each component's fraction
        assertEquals(1_000_000_000L, GoDuration.parseNanos("1.00000000000000000000000000001s"));
    }

    @Test
    void refuses_inGosWords() {
        for (String[] c : new String[][] {
            {"abc", "time: invalid duration \"abc\""},
            {"", "time: invalid duration \"\""},
            {".", "time: invalid duration \".\""},
            {"1.2.3s", "time: missing unit in duration \"1.2.3s\""},
            {"1..5s", "time: missing unit in duration \"1..5s\""},
            {"+.s", "time: invalid duration \"+.s\""},
            {"-", "time: invalid duration \"-\""},
            {" 5s", "time: invalid duration \" 5s\""},
            {"5s ", "time: unknown unit \"s \" in duration \"5s \""},
            {"0x5s", "time: unknown unit \"x\" in duration \"0x5s\""},
            {"1\"s", "time: unknown unit \"\\\"s\" in duration \"1\\\"s\""},
            {"5\u00b5", "time: unknown unit \"\\xc2\\xb5\" in duration \"5\\xc2\\xb5\""},
            {"1\u0001s", "time: unknown unit \"\\x01s\" in duration \"1\\x01s\""},
            {"2562047h47m16.854775808s", "time: invalid duration \"2562047h47m16.854775808s\""},
            {"3000000h", "time: invalid duration \"3000000h\""},
            {"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
            {"5", "time: missing unit in duration \"5\""},
            {"1hh", "time: unknown unit \"hh\" in duration \"1hh\""}}) {
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> GoDuration.parseNanos(c[0]))
                    .getMessage(), c[0]);
        }
    }

    @Test
    void format_asGoPrintsIt() {
        assertEquals("0s", GoDuration.format(0));
        assertEquals("999ns", GoDuration.format(999));
        assertEquals("1\u00b5s", GoDuration.format(1_000));
        assertEquals("1.5ms", GoDuration.format(1_500_000));
        assertEquals("500ms", GoDuration.format(500_000_000));
        assertEquals("1s", GoDuration.format(1_000_000_000L));
        assertEquals("1.5s", GoDuration.format(1_500_000_000L));
        assertEquals("1m30s", GoDuration.format(90_000_000_000L));
        assertEquals("1h0m0s", GoDuration.format(3_600_000_000_000L));
        assertEquals("2h3m4.000000005s", GoDuration.format(7_384_000_000_005L));
        assertEquals("-2s", GoDuration.format(-2_000_000_000L));
    }
}
