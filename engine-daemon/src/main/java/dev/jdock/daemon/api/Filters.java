package dev.jdock.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.errors.EngineException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter. Both encodings real clients send are accepted: the docker CLI's map of sets
 * ({"label":{"a=1":true}}) and docker-py's map of lists ({"label":["a=1"]}).
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

    public static Filters parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (Exception e) {
            throw EngineException.invalid("invalid filter: " + e.getMessage());
        }
        if (root == null || root.isNull()) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw EngineException.invalid("invalid filter: filters must be a JSON object");
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            Set<String> set = new LinkedHashSet<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(x -> set.add(x.asText()));
            } else if (v.isObject()) {
                v.fieldNames().forEachRemaining(k -> {
                    if (v.get(k).asBoolean(true)) {
                        set.add(k);
                    }
                });
            } else if (v.isTextual()) {
                set.add(v.asText());
            } else {
                throw EngineException.invalid("invalid filter '" + e.getKey() + "'");
            }
            out.put(e.getKey(), Collections.unmodifiableSet(set));
        }
        return new Filters(Collections.unmodifiableMap(out));
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
