package dev.jdock.api.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Golden replies in {@code src/test/resources/golden} (recorded from dockerd, see the README there): a record family
 * matches one when reading the reply and writing it back gives the same bytes (field names, order, omit-empty, nulls).
 */
public final class Golden {
    private Golden() {
    }

    /** The golden file's text (as the daemon sends it: compact JSON and a newline). */
    public static String load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} as the daemon writes a JSON reply: the shared mapper's bytes and a newline. */
    public static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the golden reply as {@code type}, asserts it writes back byte for byte, and returns it. */
    public static <T> T assertRoundTrip(String name, Class<T> type) {
        String golden = load(name);
        try {
            T value = Json.mapper().readValue(golden, type);
            assertEquals(golden, write(value), name);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #assertRoundTrip(String, Class)} for generic types (lists of records). */
    public static <T> T assertRoundTrip(String name, TypeReference<T> type) {
        String golden = load(name);
        try {
            T value = Json.mapper().readValue(golden, type);
            assertEquals(golden, write(value), name);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
