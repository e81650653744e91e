package dev.jdock.api.types.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.Golden;
import org.junit.jupiter.api.Test;

class AuthGoldenTest {
    @Test
    void auth_loginSucceeded_asDockerd() {
        assertEquals(AuthResponse.SUCCEEDED, Golden.assertRoundTrip("auth.json", AuthResponse.class));
        assertEquals(Golden.load("auth.json"), Golden.write(AuthResponse.SUCCEEDED));
    }
}
