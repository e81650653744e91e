package dev.jdock.api.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** moby's GetTimestamp and Go's time.Parse behind it: what docker 28.2.2 took and printed (`docker events --since`). */
class GoTimestampTest {
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00.766Z");

    private static String get(String v) {
        return GoTimestamp.get(v, NOW, ZoneOffset.UTC);
    }

    @Test
    void takes() {
        assertEquals("1704103200.000000000", get("2024-01-01T10:00:00Z"));
        assertEquals("1704103200.500000000", get("2024-01-01T10:00:00,5")); // a fraction the layout lacks
        assertEquals("1704103200.123456789", get("2024-01-01T10:00:00.1234567891234Z"));
        assertEquals("1704121200.000000000", get("2024-01-01T10-05:00"));
        assertEquals("1704121200.000000000", get("2024-01-01T10:00-05:00"));
        assertEquals("1704121200.000000000", get("2024-01-01T10:00:00-05:00"));
        assertEquals("1704085200.000000000", get("2024-01-01T10:00:00+05:00"));
        assertEquals("1704085200.000000000", get("2024-01-01T10+05:00"));
        assertEquals("1704085200.000000000", get("2024-01-01T10:00:00.5+05:00".replace(".5", "")));
        assertEquals("1704067200.000000000", get("2024-01-01Z"));
        assertEquals("1704085200.000000000", get("2024-01-01-05:00"));
        assertEquals("1704070800.000000000", get("2024-01-01T1"));
        assertEquals("-62167219200.000000000", get("0000-01-01"));
        assertEquals("1703977200.000000000", get("2024-01-01+24:60")); // Go takes offsets up to 24:60
        assertEquals("1704103200.500000000", get("2024-01-01T10:00:00.5"));
        assertEquals("1704099600.000000000", GoTimestamp.get("2024-01-01T10", NOW, ZoneOffset.ofHours(1)));
        assertEquals("1796608800", get("-1h")); // a duration: whole seconds of now minus it
        assertEquals("1796605200", get(".5s"));
        assertEquals("0", get("0"));
        assertEquals("1700000000.5", get("1700000000.5"));
    }

    @Test
    void refuses_inDocker_sWords() {
        for (String[] c : new String[][] {
            {"2024-01-0x", "parsing time \"2024-01-0x\" as \"2006-01-02\": cannot parse \"0x\" as \"02\""},
            {"-5", "parsing time \"-5\" as \"2006-01-02\": cannot parse \"-5\" as \"2006\""},
            {"2024-1-01", "parsing time \"2024-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\""},
            {"2024-01-01x", "parsing time \"2024-01-01x\": extra text: \"x\""},
            {"2024-01-01T1x", "parsing time \"2024-01-01T1x\": extra text: \"x\""},
            {"2024-01-01T10:00:00.5+05", "parsing time \"2024-01-01T10:00:00.5+05\" as "
                    + "\"2006-01-02T15:04:05.999999999Z07:00\": cannot parse \"+05\" as \"Z07:00\""},
            {"2024-01-01T99", "parsing time \"2024-01-01T99\": hour out of range"},
            {"2024-01-01+25:00", "parsing time \"2024-01-01+25:00\": time zone offset hour out of range"},
            {"2024-01-01+24:61", "parsing time \"2024-01-01+24:61\": time zone offset minute out of range"},
            {"2024-01-01x25:00", "parsing time \"2024-01-01x25:00\": extra text: \"x25:00\""},
            {"2024-01-01T10:61", "parsing time \"2024-01-01T10:61\": minute out of range"},
            {"2024-02-30", "parsing time \"2024-02-30\": day out of range"},
            {"2024-13-01", "parsing time \"2024-13-01\": month out of range"},
            {"2024-01-01T24", "parsing time \"2024-01-01T24\": hour out of range"},
            {"2024-01-01T10:00:60", "parsing time \"2024-01-01T10:00:60\": second out of range"},
            {"2024-01-01z", "parsing time \"2024-01-01z\" as \"2006-01-02Z07:00\": cannot parse \"z\" as \"Z07:00\""},
            {"2024-01-01T10:00:00.Z", "parsing time \"2024-01-01T10:00:00.Z\" as "
                    + "\"2006-01-02T15:04:05.999999999Z07:00\": cannot parse \".Z\" as \"Z07:00\""},
            {"2024-01-01-05", "parsing time \"2024-01-01-05\" as \"2006-01-02Z07:00\": cannot parse \"-05\" as "
                    + "\"Z07:00\""},
            {"1.5.5", "failed to parse value as time or duration: \"1.5.5\""},
            {"5\u00b5", "failed to parse value as time or duration: \"5\u00b5\""},
            {"", "failed to parse value as time or duration: \"\""}}) {
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> get(c[0]), c[0]).getMessage(),
                    c[0]);
        }
    }

    @Test
    void parse_asParseTimestamps() {
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), GoTimestamp.parse("1700000000.5"));
        assertEquals(Instant.ofEpochSecond(1700000000, 5), GoTimestamp.parse("1700000000.000000005"));
        assertEquals(Instant.ofEpochSecond(-5), GoTimestamp.parse("-5"));
        assertEquals(Instant.EPOCH, GoTimestamp.parse(""));
        assertEquals("strconv.ParseInt: parsing \"99999999999999999999\": value out of range", assertThrows(
                IllegalArgumentException.class, () -> GoTimestamp.parse("99999999999999999999")).getMessage());
    }
}
