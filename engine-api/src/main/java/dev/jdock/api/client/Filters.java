package dev.jdock.api.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** {@code --filter key=value} collected into the docker CLI's query shape {@code {"key":{"value":true}}}. */
public final class Filters {
    private final Map<String, Set<String>> values = new LinkedHashMap<>();

    /** Adds {@code key=value} (a bare {@code key} gets an empty value). */
    public Filters add(String keyValue) {
        int eq = keyValue.indexOf('=');
        String k = eq < 0 ? keyValue : keyValue.substring(0, eq);
        String v = eq < 0 ? "" : keyValue.substring(eq + 1);
        return add(k.trim(), v);
    }

    public Filters add(String key, String value) {
        values.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The JSON for the {@code filters} query parameter, or null when empty. */
    public String toJson() {
        if (values.isEmpty()) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, Set<String>> e : values.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                for (String v : e.getValue()) {
                    g.writeBooleanField(v, true);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
