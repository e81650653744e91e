package dev.jdock.cli.format;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An object of the daemon's JSON with the zero values of the Go struct's fields it left out ({@code omitempty})
 * added for docker's typed template pass: a template reads them, but printing the object, ranging over it and
 * {@code json} leave them out, as the struct's own encoding omits them.
 */
public final class GoFields extends LinkedHashMap<String, Object> {
    private final Set<String> zeros = new HashSet<>();

    public GoFields(Map<String, Object> fields) {
        super(fields);
    }

    /** Adds {@code key} with its zero value unless the object has it. */
    public void zero(String key, Object value) {
        if (!containsKey(key)) {
            put(key, value);
            zeros.add(key);
        }
    }

    boolean isZero(Object key) {
        return zeros.contains(key);
    }
}
