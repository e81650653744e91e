package dev.jdock.api.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    @Test
    void sha256_ofBytes() {
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void parse_roundTripsAndSerialisesAsString() throws Exception {
        Digest d = Digest.parse("sha256:" + "0123456789abcdef".repeat(4));
        assertEquals("0123456789ab", d.shortId());
        assertEquals("\"" + d + "\"", Json.mapper().writeValueAsString(d));
        assertEquals(d, Json.mapper().readValue("\"" + d + "\"", Digest.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "md5:" + "a", "sha256:" + "A", "nocolon", ":"})
    void invalid_rejected(String s) {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse(s));
    }
}
