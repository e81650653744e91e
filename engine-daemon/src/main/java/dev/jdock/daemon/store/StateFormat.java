package dev.jdock.daemon.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The format version of jdockd's state files (container {@code config.json} and {@code state.json}, image and
 * network records, volume metadata): each is a JSON object whose first field is {@code "JdockFormat": N}, then the
 * record's own fields.
 *
 * <p>Reading is strict for the current format: a field the record does not have fails the read instead of being
 * dropped, so renaming a record field without a new format (and a migration in {@link #read}'s caller) breaks
 * {@code StateFormatCompatTest}, which loads files written in every earlier format. A file without the field was
 * written before versions existed (format 0: the same fields as format 1) and is read leniently. A file of a newer
 * format than this jdockd knows is refused ({@link NewerFormatException}): loading it could silently drop what this
 * version does not know.
 *
 * <p>State files that hold a list (a container's {@code mounts.json}, the distribution metadata) were bare JSON
 * arrays before versions existed (format 0); from format 1 they are {@code {"JdockFormat": N, "<name>": [...]}}
 * ({@link #listBytes}, {@link #readList}).
 */
public final class StateFormat {
    /** The format this jdockd writes. Bump it, with a migration, when a persisted record's shape changes. */
    public static final int CURRENT = 1;
    public static final String FIELD = "JdockFormat";
    /** What every state file begins with: {@code {"JdockFormat":N}. */
    private static final byte[] HEAD = ("{\"" + FIELD + "\":" + CURRENT).getBytes(StandardCharsets.US_ASCII);

    private static final ObjectMapper LENIENT = Json.mapper();
    private static final ObjectMapper STRICT = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StateFormat() {
    }

    /** The record as a state file's bytes: {@code {"JdockFormat": CURRENT, ...fields}}. */
    public static byte[] bytes(Object record) {
        // the record serialised once, its opening brace replaced by the version field's: the same bytes as through
        // a tree with the field put first (that went record -> tokens -> tree -> bytes, twice the work per write)
        byte[] fields;
        try {
            fields = LENIENT.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fields.length < 2 || fields[0] != '{') {
            throw new IllegalArgumentException("a state record must be a JSON object: " + record.getClass());
        }
        boolean empty = fields[1] == '}';
        byte[] out = new byte[HEAD.length + (empty ? 0 : 1) + fields.length - 1];
        System.arraycopy(HEAD, 0, out, 0, HEAD.length);
        int at = HEAD.length;
        if (!empty) {
            out[at++] = ',';
        }
        System.arraycopy(fields, 1, out, at, fields.length - 1);
        return out;
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
        checkVersion(v, type.getSimpleName() + " record");
        return STRICT.treeToValue(node, type);
    }

    /** The list as a state file's bytes: {@code {"JdockFormat": CURRENT, "<name>": [...items]}}. */
    public static byte[] listBytes(String name, List<?> items) {
        ObjectNode node = LENIENT.createObjectNode();
        node.put(FIELD, CURRENT);
        node.set(name, LENIENT.valueToTree(items));
        try {
            return LENIENT.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a list written by {@link #listBytes} under {@code name}, or a bare array written before versions existed
     * (format 0, read leniently). In the current format the object holds the list and nothing else, and each item
     * only fields its record has.
     */
    public static <T> List<T> readList(byte[] json, String name, Class<T> element) throws IOException {
        JsonNode tree = LENIENT.readTree(json);
        JavaType type = LENIENT.getTypeFactory().constructCollectionType(List.class, element);
        String what = element.getSimpleName() + " list";
        if (tree instanceof ArrayNode) {
            return LENIENT.readerFor(type).readValue(tree);
        }
        if (!(tree instanceof ObjectNode node)) {
            throw new IOException("not a " + what + ": neither a JSON array nor an object");
        }
        JsonNode v = node.remove(FIELD);
        if (v == null) {
            throw new IOException("not a " + what + ": no " + FIELD);
        }
        checkVersion(v, what);
        JsonNode items = node.remove(name);
        if (!(items instanceof ArrayNode)) {
            throw new IOException("not a " + what + ": no \"" + name + "\" array");
        }
        if (!node.isEmpty()) {
            throw new IOException("unknown field \"" + node.fieldNames().next() + "\" in a " + what);
        }
        return STRICT.readerFor(type).readValue(items);
    }

    private static void checkVersion(JsonNode v, String what) throws IOException {
        if (!v.isInt() || v.intValue() < 1) {
            throw new IOException("bad " + FIELD + " " + v + " in a " + what);
        }
        if (v.intValue() > CURRENT) {
            throw new NewerFormatException(v.intValue());
        }
    }

    /** A state file written by a newer jdockd: not to be read, nor overwritten with what this one knows. */
    public static final class NewerFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        NewerFormatException(int format) {
            super("written by a newer jdockd (" + FIELD + " " + format + "; this one reads up to " + CURRENT + ")");
        }
    }
}
