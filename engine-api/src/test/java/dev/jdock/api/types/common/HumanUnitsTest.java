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

    /** The integer path agrees with the exact BigDecimal one, ties (exact halves) included. */
    @Test
    void fastPath_equalsTheExactRounding() {
        java.util.Random rnd = new java.util.Random(42);
        for (int digits = 1; digits <= 4; digits++) {
            for (int i = 0; i < 200_000; i++) {
                double v = switch (i % 4) {
                    case 0 -> rnd.nextInt(10_000) / 1000.0 * Math.pow(10, rnd.nextInt(3)); // sizes / 1000^n
                    case 1 -> 1 + rnd.nextDouble() * 999;
                    case 2 -> (rnd.nextInt(20_000) + 0.5) / Math.pow(10, rnd.nextInt(4)); // halves
                    default -> rnd.nextLong(1, 1L << 40) / Math.pow(1000, 1 + rnd.nextInt(3));
                };
                if (v == 0) {
                    continue;
                }
                String fast = HumanUnits.fastG(v, digits);
                if (fast != null) {
                    assertEquals(HumanUnits.exactG(v, digits), fast, "v=" + v + " digits=" + digits);
                }
            }
        }
        assertEquals("1.12", HumanUnits.formatG(1.125, 3), "half to even");
        assertEquals("1.14", HumanUnits.formatG(1.135, 3), "1.135 is a little above the half in binary");
        assertEquals("2.5", HumanUnits.formatG(2.5, 3));
        assertEquals("1000", HumanUnits.formatG(999.96, 4));
        assertEquals("1e+03", HumanUnits.formatG(999.96, 3));
        assertEquals("0.5", HumanUnits.formatG(0.5, 3), "below 1: the exact path");
    }
}
