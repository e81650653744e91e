package dev.jdock.api.types.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import org.junit.jupiter.api.Test;

class CommonWireTest {
    @Test
    void errorAndIdShapes() throws Exception {
        assertEquals("{\"message\":\"No such container: x\"}",
                Json.mapper().writeValueAsString(new ErrorResponse("No such container: x")));
        assertEquals("abc", Json.mapper().readValue("{\"Id\":\"abc\",\"Warning\":\"\"}", IdResponse.class).id());
    }
}
