package dev.jdock.cli.format;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A listing row (field name to value, sorted like the docker CLI's {@code {{json .}}}) whose costly fields are
 * computed on first read: the default table of {@code jdock images} never formats {@code CreatedAt}, and a
 * short-lived JVM pays for the first time-zone lookup or BigDecimal rounding.
 */
final class LazyRow extends AbstractMap<String, Object> {
    private final TreeMap<String, Object> values = new TreeMap<>();
    private final Map<String, Supplier<?>> pending = new TreeMap<>();

    @Override
    public Object put(String key, Object value) {
        pending.remove(key);
        return values.put(key, value);
    }

    void lazy(String key, Supplier<?> value) {
        values.put(key, null);
        pending.put(key, value);
    }

    @Override
    public Object get(Object key) {
        Supplier<?> s = pending.remove(key);
        if (s != null) {
            values.put((String) key, s.get());
        }
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        for (String k : pending.keySet().toArray(new String[0])) {
            get(k);
        }
        return Collections.unmodifiableMap(values).entrySet();
    }
}
