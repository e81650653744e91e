package dev.jdock.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.GoJson;
import dev.jdock.api.Json;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter. Both encodings real clients send are accepted, as dockerd accepts them: the
 * docker CLI's map of sets ({"label":{"a=1":true}}) and docker-py's map of lists ({"label":["a=1"]}).
 */
public final class Filters {
    private static final Filters EMPTY = new Filters(Map.of());

    private final Map<String, Set<String>> values;

    private Filters(Map<String, Set<String>> values) {
        this.values = values;
    }

    public static Filters empty() {
        return EMPTY;
    }

    /**
     * moby's {@code filters.FromJSON}: the map of sets ({@code map[string]map[string]bool}: every key counts, whatever
     * its boolean), else the legacy map of lists ({@code map[string][]string}), each decoded as Go's encoding/json
     * does; when neither fits, 400 {@code invalid filter: <the first decoding's error>} in Go's words (a syntax error
     * from {@link GoJson}, else the first value of the wrong type in document order).
     */
    public static Filters parse(String json) {
        if (json == null || json.isEmpty()) {
            return EMPTY;
        }
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        JsonNode root;
        try {
            GoJson.check(raw);
            root = Json.mapper().readTree(raw);
        } catch (IOException e) {
            throw EngineException.invalid("invalid filter: " + e.getMessage());
        }
        if (root.isNull()) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw EngineException.invalid("invalid filter: "
                    + typeError(root, "map[string]map[string]bool"));
        }
        Decoded sets = new Decoded();
        Decoded lists = new Decoded();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sets.put(e.getKey(), e.getValue(), true);
            lists.put(e.getKey(), e.getValue(), false);
        }
        if (sets.error == null) {
            return new Filters(sets.frozen());
        }
        if (lists.error == null) {
            return new Filters(lists.frozen());
        }
        throw EngineException.invalid("invalid filter: " + sets.error);
    }

    /** One of Go's two decodings of the filters: the values kept, or the first type error. */
    private static final class Decoded {
        final Map<String, Set<String>> values = new LinkedHashMap<>();
        String error;

        /** {@code v} as a {@code map[string]bool} ({@code sets}) or a {@code []string}; null is an empty one. */
        void put(String key, JsonNode v, boolean sets) {
            if (error != null) {
                return;
            }
            Set<String> set = new LinkedHashSet<>();
            if (!v.isNull()) {
                if (sets ? !v.isObject() : !v.isArray()) {
                    error = typeError(v, sets ? "map[string]bool" : "[]string");
                    return;
                }
                if (sets) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> b = it.next();
                        if (!b.getValue().isBoolean() && !b.getValue().isNull()) {
                            error = typeError(b.getValue(), "bool");
                            return;
                        }
                        set.add(b.getKey());
                    }
                } else {
                    for (JsonNode x : v) {
                        if (!x.isTextual() && !x.isNull()) {
                            error = typeError(x, "string");
                            return;
                        }
                        set.add(x.isNull() ? "" : x.asText()); // Go leaves a null element the zero string
                    }
                }
            }
            values.put(key, Collections.unmodifiableSet(set)); // a repeated key: the last one, as Go's maps
        }

        Map<String, Set<String>> frozen() {
            return Collections.unmodifiableMap(values);
        }
    }

    /** Go's {@code UnmarshalTypeError} for a value of the wrong JSON kind. */
    private static String typeError(JsonNode v, String goType) {
        String kind = v.isTextual() ? "string" : v.isNumber() ? "number" : v.isBoolean() ? "bool"
                : v.isArray() ? "array" : "object";
        return "json: cannot unmarshal " + kind + " into Go value of type " + goType;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Set<String> values(String key) {
        return values.getOrDefault(key, Set.of());
    }

    public boolean contains(String key, String value) {
        return values(key).contains(value);
    }

    /** moby's invalidFilter with a value: Go prints the key's values as a list, {@code invalid filter 'k=[a b]'}. */
    public static EngineException invalidValue(String key, java.util.Collection<String> values) {
        return EngineException.invalid("invalid filter '" + key + "=[" + String.join(" ", values) + "]'");
    }

    /** These filters plus {@code value} under {@code key}. */
    public Filters with(String key, String value) {
        Map<String, Set<String>> out = new LinkedHashMap<>(values);
        Set<String> set = new LinkedHashSet<>(values(key));
        set.add(value);
        out.put(key, Collections.unmodifiableSet(set));
        return new Filters(Collections.unmodifiableMap(out));
    }

    /** Rejects keys the endpoint does not know, with Docker's message. */
    public void validate(Set<String> allowedKeys) {
        for (String k : values.keySet()) {
            if (!allowedKeys.contains(k)) {
                throw EngineException.invalid("invalid filter '" + k + "'");
            }
        }
    }
}
