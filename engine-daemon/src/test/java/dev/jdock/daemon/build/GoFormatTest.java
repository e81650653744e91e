package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.types.image.HealthConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's formatting, pinned with the values Go prints (strconv.QuoteRune, %q of a struct). */
class GoFormatTest {
    @Test
    void quoteRune_asStrconv() {
        assertEquals("'\\x00'", GoFormat.quoteRune(0));
        assertEquals("'\\x03'", GoFormat.quoteRune(3));
        assertEquals("'\\a'", GoFormat.quoteRune(7));
        assertEquals("'\\n'", GoFormat.quoteRune(10));
        assertEquals("'A'", GoFormat.quoteRune(65));
        assertEquals("'\\''", GoFormat.quoteRune(39));
        assertEquals("'\\\\'", GoFormat.quoteRune(92));
        assertEquals("'\\x7f'", GoFormat.quoteRune(127));
        assertEquals("'\\u0085'", GoFormat.quoteRune(0x85));
        assertEquals("'\u00e9'", GoFormat.quoteRune(0xe9));
        assertEquals("'\uFFFD'", GoFormat.quoteRune(-1));
        assertEquals("'\uFFFD'", GoFormat.quoteRune(1L << 40));
    }

    /** moby 28's history for HEALTHCHECK --interval=1s --retries=3 CMD true, and for HEALTHCHECK NONE. */
    @Test
    void healthConfig_isMobysPercentQ() throws Exception {
        HealthConfig h = Json.mapper().readValue("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":1000000000,"
                + "\"Retries\":3}", HealthConfig.class);
        assertEquals("&{[\"CMD-SHELL\" \"true\"] \"1s\" \"0s\" \"0s\" \"0s\" '\\x03'}", GoFormat.healthConfig(h));
        assertEquals("&{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}", GoFormat.healthConfig(
                new HealthConfig(List.of("NONE"), null, null, null, null, null)));
    }
}
