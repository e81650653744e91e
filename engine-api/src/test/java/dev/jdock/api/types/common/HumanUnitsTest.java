package dev.jdock.api.types.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanUnitsTest {
    @Test
    void durationsMatchGoUnits() {
        assertEquals("Less than a second", HumanUnits.duration(Duration.ofMillis(400)));
        assertEquals("1 second", HumanUnits.duration(Duration.ofSeconds(1)));
        assertEquals("3 seconds", HumanUnits.duration(Duration.ofSeconds(3)));
        assertEquals("About a minute", HumanUnits.duration(Duration.ofSeconds(90)));
        assertEquals("5 minutes", HumanUnits.duration(Duration.ofMinutes(5)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(89)));
        assertEquals("2 hours", HumanUnits.duration(Duration.ofMinutes(90)));
        assertEquals("47 hours", HumanUnits.duration(Duration.ofHours(47)));
        assertEquals("2 days", HumanUnits.duration(Duration.ofHours(48)));
        assertEquals("2 weeks", HumanUnits.duration(Duration.ofDays(14)));
        assertEquals("3 months", HumanUnits.duration(Duration.ofDays(100)));
        assertEquals("2 years", HumanUnits.duration(Duration.ofDays(800)));
    }

    @Test
    void sizesMatchGoUnits() {
        assertEquals("0B", HumanUnits.size(0));
        assertEquals("862B", HumanUnits.size(862));
        assertEquals("1kB", HumanUnits.size(1000));
        assertEquals("4.26MB", HumanUnits.size(4_261_234));
        assertEquals("4.2MB", HumanUnits.size(4_200_000));
        assertEquals("123MB", HumanUnits.size(123_456_789));
        assertEquals("1.24GB", HumanUnits.size(1_235_000_000));
        assertEquals("1e+03kB", HumanUnits.size(999_999));
    }
}
