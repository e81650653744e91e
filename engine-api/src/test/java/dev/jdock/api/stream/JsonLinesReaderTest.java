package dev.jdock.api.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
    @Test
    void readsConsecutiveProgressMessages() throws Exception {
        String s = "{\"status\":\"Pulling from busybox\",\"id\":\"latest\"}\n"
                + "{\"stream\":\"Loaded image: jtrace/build:1\\n\"}\r\n"
                + "{\"errorDetail\":{\"code\":7,\"message\":\"bad\"},\"error\":\"bad\"}\n";
        try (JsonLinesReader r = new JsonLinesReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)))) {
            assertEquals("latest", r.next(ProgressMessage.class).id());
            assertEquals("Loaded image: jtrace/build:1\n", r.next().get("stream").asText());
            ProgressMessage err = r.next(ProgressMessage.class);
            assertTrue(err.isError());
            assertEquals(7, err.errorDetail().code());
            assertNull(r.next());
        }
        assertEquals("{\"status\":\"x\"}", Json.mapper().writeValueAsString(ProgressMessage.status("x")));
    }
}
