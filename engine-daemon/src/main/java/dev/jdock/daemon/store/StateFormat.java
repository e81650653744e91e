package dev.jdock.daemon.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The format version of jdockd's state files (container {@code config.json} and {@code state.json}, image and
 * network records, volume metadata): each is a JSON object whose first field is {@code "JdockFormat": N}, then the
 * record's own fields.
 *
 * <p>Reading is strict for the current format: a field the record does not have fails the read instead of being
 * dropped, so renaming a record field without a new format (and a migration in {@link #read}'s caller) breaks
 * {@code StateFormatCompatTest}, which loads files written in every earlier format. A file without the field was
 * written before versions existed (format 0: the same fields as format 1) and is read leniently. A file of a newer
 * format than this jdockd knows is refused: loading it could silently drop what this version does not know.
 */
public final class StateFormat {
    /** The format this jdockd writes. Bump it, with a migration, when a persisted record's shape changes. */
    public static final int CURRENT = 1;
    public static final String FIELD = "JdockFormat";

    private static final ObjectMapper LENIENT = Json.mapper();
    private static final ObjectMapper STRICT = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StateFormat() {
    }

    /** The record as a state file's bytes: {@code {"JdockFormat": CURRENT, ...fields}}. */
    public static byte[] bytes(Object record) {
        ObjectNode node = LENIENT.createObjectNode();
        node.put(FIELD, CURRENT);
        JsonNode fields = LENIENT.valueToTree(record);
        if (!(fields instanceof ObjectNode o)) {
            throw new IllegalArgumentException("a state record must be a JSON object: " + record.getClass());
        }
        node.setAll(o);
        try {
            return LENIENT.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a state file written by {@link #bytes} (or before versions existed). */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        return read(Files.readAllBytes(file), type);
    }

    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        JsonNode tree = LENIENT.readTree(json);
        if (!(tree instanceof ObjectNode node)) {
            throw new IOException("not a " + type.getSimpleName() + " record: not a JSON object");
        }
        JsonNode v = node.remove(FIELD);
        if (v == null) {
            return LENIENT.treeToValue(node, type);
        }
        if (!v.isInt() || v.intValue() < 1) {
            throw new IOException("bad " + FIELD + " " + v + " in a " + type.getSimpleName() + " record");
        }
        if (v.intValue() > CURRENT) {
            throw new IOException("written by a newer jdockd (" + FIELD + " " + v.intValue() + "; this one reads up to "
                    + CURRENT + ")");
        }
        return STRICT.treeToValue(node, type);
    }
}
