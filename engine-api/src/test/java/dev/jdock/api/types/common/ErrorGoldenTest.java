package dev.jdock.api.types.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.Golden;
import org.junit.jupiter.api.Test;

class ErrorGoldenTest {
    private static String body(String message) {
        return Golden.write(new ErrorResponse(message));
    }

    @Test
    void notFoundBodies_networkVolumeExec_asDockerd() {
        assertEquals(Golden.load("network-inspect-404.json"), body("network nope not found"));
        assertEquals(Golden.load("volume-inspect-404.json"), body("get nope: no such volume"));
        assertEquals(Golden.load("exec-inspect-404.json"), body("No such exec instance: nope"));
        assertEquals("{\"message\":\"\"}\n", Golden.write(new ErrorResponse(null)));
    }
}
