package dev.jdock.cli.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A typed view over one JSON object as {@code MiniJson} parsed it (a {@code Map}; anything else reads as an empty
 * object). The getters tolerate absent and null fields as Go's zero values: {@code ""}, {@code 0}, {@code false},
 * an empty list or object. Subclasses name each key once, as a {@code static final String} constant.
 */
public abstract class JsonView {
    private final Map<String, Object> json;

    @SuppressWarnings("unchecked")
    protected JsonView(Object json) {
        this.json = json instanceof Map ? (Map<String, Object>) json : Map.of();
    }

    /** The parsed object itself, for a {@code --format} template that may address any field. */
    public final Map<String, Object> raw() {
        return json;
    }

    final String str(String key) {
        Object v = json.get(key);
        return v == null ? "" : String.valueOf(v);
    }

    final long num(String key) {
        Object v = json.get(key);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    /** A number as a double (a long converts as Java does); anything else is 0. */
    final double dbl(String key) {
        Object v = json.get(key);
        return v instanceof Number ? ((Number) v).doubleValue() : 0;
    }

    final boolean bool(String key) {
        return Boolean.TRUE.equals(json.get(key));
    }

    /** True when the field is present and not null. */
    final boolean has(String key) {
        return json.get(key) != null;
    }

    @SuppressWarnings("unchecked")
    final List<Object> list(String key) {
        Object v = json.get(key);
        return v instanceof List ? (List<Object>) v : List.of();
    }

    @SuppressWarnings("unchecked")
    final Map<String, Object> obj(String key) {
        Object v = json.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    /** A list of strings ({@code String.valueOf} of each element, so a null element reads {@code "null"}). */
    final List<String> strings(String key) {
        List<Object> l = list(key);
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** The elements of a parsed JSON array (anything else: none). */
    static List<?> elements(Object array) {
        return array instanceof List ? (List<?>) array : List.of();
    }
}
