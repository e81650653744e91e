package dev.jdock.daemon.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * What a configuration that the daemon keeps holds: its entries (each element of a list, each entry of a map, at
 * any depth: a label, an env variable, a port, a bind), the characters of all its strings (keys, values and plain
 * fields), and its objects (strings, map entries, nested records), read from the record's components. An image's
 * container config and a container's Config and HostConfig are each bounded to {@link #MAX_ENTRIES} entries of
 * {@link #MAX_CHARS} characters ({@link #exceeds}); {@link #weight} is about what holding it costs on the heap.
 *
 * @param entries list elements and map entries
 * @param chars   characters of every string (keys too)
 * @param objects strings, map entries and records: each costs its header, fields and references
 */
public record ConfigSize(long entries, long chars, long objects) {
    /** The most entries of one configuration: labels, env, ports, volumes, commands, shell; binds, hosts, ... */
    public static final int MAX_ENTRIES = 16_384;
    /** The most characters in one configuration. */
    public static final long MAX_CHARS = 1L << 20;
    /**
     * About what an object costs beyond its characters, counted generously: a string is 24 bytes and its array's 16
     * more, a map entry 40 and its table slot; a label of a 7-character key and no value measured 95 bytes of heap
     * (150,000 of them in one container took 14 MB), and weighs 151.
     */
    public static final int OBJECT_OVERHEAD = 48;
    public static final ConfigSize ZERO = new ConfigSize(0, 0, 0);

    /** The size of {@code value}: a record (its components), a map, a collection, a string, or a scalar (nothing). */
    public static ConfigSize of(Object value) {
        long[] n = new long[3];
        Deque<Object> todo = new ArrayDeque<>();
        push(todo, value);
        while (!todo.isEmpty()) {
            Object v = todo.pop();
            if (v instanceof CharSequence s) {
                n[1] += s.length();
                n[2]++;
            } else if (v instanceof Map<?, ?> m) {
                n[0] += m.size();
                n[2] += m.size();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    push(todo, e.getKey());
                    push(todo, e.getValue());
                }
            } else if (v instanceof Collection<?> c) {
                n[0] += c.size();
                c.forEach(x -> push(todo, x));
            } else if (v instanceof Object[] a) {
                n[0] += a.length;
                for (Object x : a) {
                    push(todo, x);
                }
            } else if (v.getClass().isRecord()) {
                n[2]++;
                for (Method accessor : ACCESSORS.get(v.getClass())) {
                    push(todo, component(accessor, v));
                }
            }
        }
        return new ConfigSize(n[0], n[1], n[2]);
    }

    private static void push(Deque<Object> todo, Object v) {
        if (v != null) {
            todo.push(v);
        }
    }

    /** Whether it holds more than {@link #MAX_ENTRIES} entries or {@link #MAX_CHARS} characters. */
    public boolean exceeds() {
        return entries > MAX_ENTRIES || chars > MAX_CHARS;
    }

    /** The bound's words: {@code has N entries of M characters, more than 16384 or 1048576}. */
    public String describe() {
        return "has " + entries + " entries of " + chars + " characters, more than " + MAX_ENTRIES + " or "
                + MAX_CHARS;
    }

    /** About what holding it costs on the heap, in bytes: its characters and {@link #OBJECT_OVERHEAD} an object. */
    public long weight() {
        return chars + OBJECT_OVERHEAD * objects;
    }

    public ConfigSize plus(ConfigSize o) {
        return new ConfigSize(entries + o.entries, chars + o.chars, objects + o.objects);
    }

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Method[] m = new Method[rc.length];
            for (int i = 0; i < rc.length; i++) {
                m[i] = rc[i].getAccessor();
                m[i].setAccessible(true); // a record that is not public (a package's own)
            }
            return m;
        }
    };

    private static Object component(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("reading " + accessor + ": " + e.getMessage(), e);
        }
    }
}
