package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    private final JsonBody.Budget budget = new JsonBody.Budget(100, Duration.ofMillis(10));

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_parsesAndHoldsItsBytesUntilReleased() {
        JsonBody.Budget.Lease lease = budget.lease();
        Map<?, ?> m = JsonBody.read(in("{\"a\":1}"), Map.class, -1, 50, lease);
        assertEquals(Map.of("a", 1), m);
        assertEquals(93, budget.available());
        lease.close();
        assertEquals(100, budget.available());
    }

    @Test
    void read_empty_null() {
        assertNull(JsonBody.read(in(""), Map.class, 0, 50, budget.lease()));
    }

    @Test
    void read_beyondTheCap_413_withoutReadingFurther() {
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in("{\"a\":\"" + "x".repeat(100) + "\"}"), Map.class, -1, 50, budget.lease()));
        assertEquals(ErrorKind.REQUEST_TOO_LARGE, e.kind());
        assertEquals(413, e.kind().httpStatus());
    }

    /**
     * The cap reached inside a create body's Env (the body arriving in pieces, as from a socket): databind wraps what
     * the stream throws in a mapping exception, still a 413.
     */
    @Test
    void read_beyondTheCapInsideAProperty_413() {
        String body = "{\"Image\":\"x\",\"Env\":[\"" + "a".repeat(200) + "\"]}";
        InputStream trickle = new java.io.FilterInputStream(in(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 16));
            }
        };
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(trickle, ContainerCreateRequest.class, -1, 50, budget.lease()));
        assertEquals(ErrorKind.REQUEST_TOO_LARGE, e.kind(), e.getMessage());
    }

    @Test
    void read_budgetTakenByOthers_503() {
        JsonBody.Budget.Lease other = budget.lease();
        JsonBody.read(in("[" + "1,".repeat(44) + "1]"), Object.class, -1, 100, other); // 91 bytes held
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in("{\"a\":\"bcdefgh\"}"), Map.class, -1, 100, budget.lease()));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        other.close();
        assertEquals(Map.of("a", "bcdefgh"), JsonBody.read(in("{\"a\":\"bcdefgh\"}"), Map.class, -1, 100,
                budget.lease()));
    }

    @Test
    void read_invalid_dockerdsPrefix() {
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in("{\"a\" 1}"), Map.class, -1, 50, budget.lease()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("invalid JSON: Unexpected character ('1' (code 49)): was expecting a colon to separate field "
                + "name and value", e.getMessage());
    }
}
