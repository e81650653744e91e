package dev.jdock.daemon.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

/**
 * Go's wording of a JSON value of the wrong type for its field, as encoding/json gives it to dockerd:
 * {@code json: cannot unmarshal string into Go struct field CreateRequest.Env of type []string}. A client never sees
 * a Java name (a record's, {@code java.util.ArrayList}, a Jackson token).
 */
final class GoTypeErrors {
    private GoTypeErrors() {
    }

    /**
     * Go's message for {@code f}, read while the parser still holds the offending token: the struct is the innermost
     * record, the field the path of JSON names (map keys and list indexes left out, as Go does); null when the
     * failure is not a value of the wrong type or its Go type is not known.
     */
    static String of(MismatchedInputException f) {
        if (!(f.getProcessor() instanceof JsonParser p) || p.currentToken() == null) {
            return null;
        }
        StringBuilder field = new StringBuilder();
        Class<?> struct = null;
        String last = null;
        for (JsonMappingException.Reference r : f.getPath()) {
            if (r.getFieldName() == null || r.getFrom() instanceof Map) {
                continue;
            }
            field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
            last = r.getFieldName();
            Object from = r.getFrom();
            struct = from instanceof Class<?> c ? c : from == null ? struct : from.getClass();
        }
        String goType = struct == null ? null : GO_TYPES.get(struct.getSimpleName() + "." + last);
        goType = goType != null ? goType : last == null ? null : GO_TYPES.get("*." + last);
        if (goType == null) {
            // the field's declared type says more than the target's class (a List's elements, a Map's values)
            Type declared = struct == null || last == null ? null : componentType(struct, last);
            Class<?> target = f.getTargetType();
            Class<?> raw = declared == null ? null : rawClass(declared);
            goType = raw != null && raw.isAssignableFrom(target) ? goName(declared) : goName(target);
        }
        String value;
        try {
            value = switch (p.currentToken()) {
                case VALUE_STRING -> "string";
                case VALUE_TRUE, VALUE_FALSE -> "bool";
                // Go names the literal only when it fails to fit a number type ("number 1.5" for an int)
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> isNumber(goType) ? "number " + p.getText() : "number";
                case START_ARRAY -> "array";
                case START_OBJECT -> "object";
                default -> null;
            };
        } catch (IOException e) {
            return null;
        }
        if (value == null || goType == null) {
            return null;
        }
        if (field.length() == 0) {
            return "json: cannot unmarshal " + value + " into Go value of type " + goType;
        }
        String s = GO_STRUCTS.getOrDefault(struct.getSimpleName(), struct.getSimpleName());
        return fieldError(value, s + "." + field, goType);
    }

    /** Go's {@code UnmarshalTypeError} for a struct field: {@code field} is {@code Struct.path.Field}. */
    static String fieldError(String value, String field, String goType) {
        return "json: cannot unmarshal " + value + " into Go struct field " + field + " of type " + goType;
    }

    /** moby's struct where the Java record is named otherwise (the innermost struct holding the field, as Go names it:
     * a field of an embedded struct is its outer struct's). */
    private static final Map<String, String> GO_STRUCTS = Map.of(
            "ContainerCreateRequest", "CreateRequest",
            "NetworkCreateRequest", "CreateRequest",
            "NetworkConnectRequest", "ConnectOptions",
            "NetworkDisconnectRequest", "DisconnectOptions",
            "ContainerUpdateRequest", "UpdateConfig",
            "ExecConfig", "ExecOptions",
            "ExecStartRequest", "ExecStartOptions");

    /** moby's package of a record kept elsewhere here (moby's exec options are the container package's). */
    private static final Map<String, String> GO_PACKAGES = Map.of(
            "ExecConfig", "container",
            "ExecStartRequest", "container",
            "AuthConfig", "registry");

    /** The Go type of a field where the Java field's type says otherwise ({@code Record.Field}, {@code *.Field}). */
    private static final Map<String, String> GO_TYPES = Map.ofEntries(
            Map.entry("EndpointSettings.GwPriority", "int"),
            Map.entry("HostConfig.BlkioWeight", "uint16"),
            Map.entry("ContainerUpdateRequest.BlkioWeight", "uint16"),
            Map.entry("WeightDevice.Weight", "uint16"),
            Map.entry("ThrottleDevice.Rate", "uint64"),
            Map.entry("HostConfig.IOMaximumIOps", "uint64"),
            Map.entry("HostConfig.IOMaximumBandwidth", "uint64"),
            Map.entry("HealthConfig.Interval", "time.Duration"),
            Map.entry("HealthConfig.Timeout", "time.Duration"),
            Map.entry("HealthConfig.StartPeriod", "time.Duration"),
            Map.entry("HealthConfig.StartInterval", "time.Duration"),
            Map.entry("TmpfsOptions.Mode", "fs.FileMode"),
            Map.entry("*.ConsoleSize", "uint"),
            Map.entry("*.StopTimeout", "int"), // Go's int is 64 bits: Java's long holds it
            Map.entry("HealthConfig.Retries", "int"),
            Map.entry("HostConfig.OomScoreAdj", "int"),
            Map.entry("RestartPolicy.MaximumRetryCount", "int"));

    private static boolean isNumber(String goType) {
        return goType != null && (goType.startsWith("int") || goType.startsWith("uint") || goType.startsWith("float")
                || goType.equals("time.Duration") || goType.equals("fs.FileMode"));
    }

    /** The declared type of {@code owner}'s record component named {@code jsonName} in JSON; null if none. */
    private static Type componentType(Class<?> owner, String jsonName) {
        if (!owner.isRecord()) {
            return null;
        }
        try {
            for (RecordComponent rc : owner.getRecordComponents()) {
                JsonProperty jp = rc.getAccessor().getAnnotation(JsonProperty.class);
                if (jp == null) {
                    jp = rc.getAnnotation(JsonProperty.class);
                }
                if (jp != null ? jp.value().equals(jsonName) : rc.getName().equals(jsonName)) {
                    return rc.getGenericType();
                }
            }
        } catch (RuntimeException e) {
            return null; // a native image without this record's reflection data: Jackson's words stay
        }
        return null;
    }

    private static Class<?> rawClass(Type t) {
        return t instanceof Class<?> c ? c : t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c
                ? c : null;
    }

    /**
     * Go's name of a Java type as the wire records use them: scalars, {@code []T} for a collection, {@code map[K]V}
     * for a map, {@code pkg.Struct} for a record of {@code dev.jdock.api.types.<pkg>} (moby's own packages); null
     * for anything else (an element type unknown, a class that is no wire record).
     */
    static String goName(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw) && args.length == 1) {
                String e = goName(args[0]);
                return e == null ? null : "[]" + e;
            }
            if (Map.class.isAssignableFrom(raw) && args.length == 2) {
                String k = goName(args[0]);
                String v = goName(args[1]);
                return k == null || v == null ? null : "map[" + k + "]" + v;
            }
            return null;
        }
        if (!(t instanceof Class<?> c)) {
            return null;
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return "int";
        }
        if (c == long.class || c == Long.class) {
            return "int64";
        }
        if (c == double.class || c == Double.class) {
            return "float64";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "bool";
        }
        if (c == String.class) {
            return "string";
        }
        if (c == Object.class) {
            return "interface {}";
        }
        String pkg = c.getPackageName();
        String types = "dev.jdock.api.types.";
        if (c.isRecord() && pkg.startsWith(types) && pkg.indexOf('.', types.length()) < 0) {
            String goPkg = GO_PACKAGES.getOrDefault(c.getSimpleName(), pkg.substring(types.length()));
            return goPkg + "." + GO_STRUCTS.getOrDefault(c.getSimpleName(), c.getSimpleName());
        }
        return null;
    }
}
