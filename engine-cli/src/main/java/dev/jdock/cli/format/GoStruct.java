package dev.jdock.cli.format;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A Go struct as a template sees it, for the commands whose {@code --format} runs over a typed value (version, info):
 * fields in declaration order under their Go names; a missing field is Go's {@code can't evaluate field X in type T}
 * whatever the template's missing-key mode; {@code %v} prints {@code {v1 v2}}; {@code json} writes each field under
 * its JSON name and leaves out the {@code omitempty} ones that are empty.
 */
public final class GoStruct extends LinkedHashMap<String, Object> {
    private final String type;
    private final Map<String, String> jsonNames = new LinkedHashMap<>();
    private final Set<String> omitEmpty = new LinkedHashSet<>();

    /** @param type the Go type docker's errors name, e.g. {@code system.clientVersion} or {@code *types.Version} */
    public GoStruct(String type) {
        this.type = type;
    }

    /** Adds a field whose JSON name is its Go name. */
    public GoStruct field(String name, Object value) {
        put(name, value);
        return this;
    }

    /** Adds a field with a JSON name of its own ({@code ApiVersion} for Go's {@code APIVersion}) or omitempty. */
    public GoStruct field(String name, String jsonName, boolean omitEmptyValue, Object value) {
        put(name, value);
        if (jsonName != null && !jsonName.equals(name)) {
            jsonNames.put(name, jsonName);
        }
        if (omitEmptyValue) {
            omitEmpty.add(name);
        }
        return this;
    }

    public String type() {
        return type;
    }

    /** The field's JSON key, or null when json leaves the field out. */
    String jsonName(String field) {
        if (omitEmpty.contains(field) && !TemplateFunctions.truth(get(field))) {
            return null;
        }
        return jsonNames.getOrDefault(field, field);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
