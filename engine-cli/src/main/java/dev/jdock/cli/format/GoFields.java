package dev.jdock.cli.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An object of the daemon's JSON with the zero values of the Go struct's fields it left out ({@code omitempty})
 * added for docker's typed template pass: a template reads them, but printing the object, ranging over it and
 * {@code json} leave them out, as the struct's own encoding omits them.
 *
 * <p>Made a {@link #struct} the object is a Go struct to {@code %v}: {@code {v1 v2 ...}}, its fields in declaration
 * order, one left out of the JSON printed as its zero value, a pointer field as an address (Go prints the pointer,
 * not what it points to, inside a struct, a slice or a map), a {@code time.Duration} as Go's duration and a
 * {@code time.Time} as Go's {@code Time.String()}. Without one it prints as a map ({@code map[k:v ...]}, sorted).
 */
public final class GoFields extends LinkedHashMap<String, Object> {
    private final Set<String> zeros = new HashSet<>();
    private List<String> layout;
    /** The embedded structs of {@link #struct}'s layout, by name: their fields are this object's. */
    private Map<String, Embedded> embedded = Map.of();
    private Object elementZero;
    private String keyType;
    private boolean goMap;
    private boolean pointer;
    private Function<GoFields, String> stringer;
    /** Go field names whose JSON keys differ ({@code ID} for {@code Id}): read, never printed or ranged over. */
    private Map<String, String> aliases = Map.of();

    /** An embedded struct: its fields' layout entries, and whether it is held through a pointer. */
    private record Embedded(List<String> fields, boolean pointer) {
    }

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

    /**
     * Makes the object a Go struct: {@code fields} are its fields' JSON keys in declaration order, each with the kind
     * of its Go type where printing needs it: {@code KEY:i} an integer, {@code :b} a bool, {@code :p} a pointer,
     * {@code :[p]} a slice of pointers, {@code :s} a slice, {@code :m} a map, {@code :d} a time.Duration (nanoseconds
     * in JSON), {@code :T} a time.Time; no kind is a string. The fields the JSON left out get their zero values, a
     * duration's nanoseconds become a {@link GoDurationValue} and a time a {@link GoTimeValue}.
     *
     * <p>{@code NAME{F1 F2:i ...}} is an embedded struct (HostConfig's {@code Resources}): its fields, laid out the
     * same way, are this object's (JSON flattens them), it prints as {@code {...}} in its place, and {@code .NAME}
     * reads it as a struct; {@code *NAME{...}} is an embedded pointer, printed as an address.
     */
    public GoFields struct(List<String> fields) {
        Map<String, Embedded> groups = new HashMap<>();
        for (String field : fields) {
            int brace = field.indexOf('{');
            if (brace >= 0) {
                List<String> inner = List.of(field.substring(brace + 1, field.length() - 1).split(" "));
                boolean pointer = field.startsWith("*");
                groups.put(field.substring(pointer ? 1 : 0, brace), new Embedded(inner, pointer));
                struct(inner);
                continue;
            }
            int colon = field.indexOf(':');
            String key = colon < 0 ? field : field.substring(0, colon);
            String kind = colon < 0 ? "" : field.substring(colon + 1);
            Object v = get(key);
            if (kind.equals("d") && v instanceof Number n) {
                put(key, new GoDurationValue(n.longValue()));
            } else if (kind.equals("T") && v instanceof String t && !t.isEmpty()) {
                put(key, new GoTimeValue(t));
            } else if (!containsKey(key)) {
                zero(key, switch (kind) {
                    case "i" -> 0L;
                    case "b" -> false;
                    case "p" -> GoZero.NIL;
                    case "s", "[p]" -> GoZero.SLICE;
                    case "m" -> GoZero.MAP;
                    case "d" -> new GoDurationValue(0);
                    case "T" -> new GoTimeValue("0001-01-01T00:00:00Z");
                    default -> "";
                });
            }
        }
        this.layout = List.copyOf(fields);
        this.embedded = groups;
        return this;
    }

    /** An embedded struct's name reads it (a struct of this object's values now); anything else as a map does. */
    @Override
    public Object get(Object key) {
        String json = aliases.get(key);
        if (json != null) {
            return get(json);
        }
        Object v = super.get(key);
        Embedded group = embedded.get(key);
        if (v != null || group == null || super.containsKey(key)) {
            return v;
        }
        GoFields e = new GoFields(Map.of());
        for (String f : group.fields()) {
            String k = f.indexOf(':') < 0 ? f : f.substring(0, f.indexOf(':'));
            if (super.containsKey(k)) {
                e.put(k, super.get(k));
                if (zeros.contains(k)) {
                    e.zeros.add(k);
                }
            }
        }
        e.struct(group.fields());
        return group.pointer() ? e.pointer() : e;
    }

    @Override
    public boolean containsKey(Object key) {
        return super.containsKey(key) || embedded.containsKey(key) || aliases.containsKey(key);
    }

    /**
     * The struct's Go field names where its JSON keys differ ({@code ID} for {@code Id}, {@code NanoCPUs} for
     * {@code NanoCpus}): docker's typed pass reads the field by its Go name; the JSON's name fails it there (its raw
     * fallback reads that one).
     */
    public GoFields aliases(Map<String, String> goToJson) {
        this.aliases = Map.copyOf(goToJson);
        return this;
    }

    /**
     * Makes the object a Go map: a key it lacks is no value in docker's typed pass (its {@code missingkey=default}),
     * where a struct's missing field fails it.
     */
    public GoFields goMap() {
        this.goMap = true;
        return this;
    }

    boolean isGoMap() {
        return goMap;
    }

    /**
     * Makes the struct one its parent holds through a pointer: {@code print} writes {@code &{...}}, and as a map's
     * value or a slice's element it prints as an address.
     */
    public GoFields pointer() {
        this.pointer = true;
        return this;
    }

    boolean isPointer() {
        return pointer;
    }

    /**
     * Gives the struct a {@code String()} method (units.Ulimit's {@code nofile=1024:2048}): fmt prints that in place
     * of the struct, a pointer to it or its address.
     */
    public GoFields stringer(Function<GoFields, String> method) {
        this.stringer = method;
        return this;
    }

    /** {@code fmt.Sprint} of the object: a pointer to a struct as {@code &{...}}; null when not a struct. */
    String printArgument() {
        String struct = printStruct();
        return struct == null ? null : pointer && stringer == null ? "&" + struct : struct;
    }

    /** Makes the object a Go map whose elements are {@code zero} when missing ({@code index}: "" for strings). */
    public GoFields elementZero(Object zero) {
        this.goMap = true;
        this.elementZero = zero;
        return this;
    }

    Object elementZero() {
        return elementZero;
    }

    /** Makes the object a Go map keyed by a named type ({@code nat.Port}), which {@code index} with a string fails. */
    public GoFields keyType(String goType) {
        this.goMap = true;
        this.keyType = goType;
        return this;
    }

    String keyType() {
        return keyType;
    }

    /** {@code %v} of the struct, or null when the object is none ({@link #struct}). */
    String printStruct() {
        if (stringer != null) {
            return stringer.apply(this);
        }
        if (layout == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String field : layout) {
            int brace = field.indexOf('{');
            if (brace >= 0) {
                GoFields e = (GoFields) get(field.substring(field.startsWith("*") ? 1 : 0, brace));
                parts.add(field.startsWith("*") ? address(e) : e.printStruct());
                continue;
            }
            int colon = field.indexOf(':');
            String key = colon < 0 ? field : field.substring(0, colon);
            String kind = colon < 0 ? "" : field.substring(colon + 1);
            parts.add(printField(kind, get(key)));
        }
        return "{" + String.join(" ", parts) + "}";
    }

    private static String printField(String kind, Object v) {
        boolean absent = v == null || v instanceof GoZero;
        return switch (kind) {
            case "i" -> absent ? "0" : TemplateFunctions.print(v);
            case "b" -> absent ? "false" : TemplateFunctions.print(v);
            case "p" -> absent ? "<nil>" : address(v);
            case "[p]" -> absent || !(v instanceof List<?> l) ? "[]"
                    : "[" + String.join(" ", l.stream().map(GoFields::address).toList()) + "]";
            case "s" -> absent ? "[]" : TemplateFunctions.print(v);
            case "m" -> absent ? "map[]" : TemplateFunctions.print(v);
            case "d" -> absent ? "0s" : TemplateFunctions.print(v); // a GoDurationValue: struct() made it
            case "T" -> absent ? "0001-01-01 00:00:00 +0000 UTC" : TemplateFunctions.print(v);
            default -> absent ? "" : TemplateFunctions.print(v);
        };
    }

    /**
     * What Go prints for a pointer: an address (a heap address's form; docker's differ from run to run), or what its
     * {@link #stringer} returns.
     */
    static String address(Object v) {
        if (v instanceof GoFields g && g.stringer != null) {
            return g.stringer.apply(g);
        }
        return String.format("0xc%09x", (System.identityHashCode(v) & 0xffffffL) << 4);
    }
}
