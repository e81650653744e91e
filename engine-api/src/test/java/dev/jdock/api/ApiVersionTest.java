package dev.jdock.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void parsesComparesAndPrints() {
        ApiVersion v = ApiVersion.parse("1.41");
        assertEquals(new ApiVersion(1, 41), v);
        assertEquals("1.41", v.toString());
        assertTrue(ApiVersion.parse("1.9").compareTo(ApiVersion.parse("1.10")) < 0);
        assertTrue(ApiVersion.MAX.atLeast("1.47"));
        assertFalse(v.atLeast("1.42"));
        assertEquals(v, ApiVersion.min(v, ApiVersion.MAX));
        assertTrue(v.supported());
        assertFalse(ApiVersion.parse("1.12").supported());
        assertEquals(ApiVersion.parse("v1.48"), ApiVersion.MAX);
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse("a.b"));
    }
}
