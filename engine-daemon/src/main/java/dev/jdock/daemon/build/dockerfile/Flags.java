package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name=value} flags of one instruction (buildkit {@code instructions/bflag.go}): each instruction
 * declares the flags it takes, then {@link #parse} checks the words the parser found, with Docker's errors.
 */
final class Flags {
    private enum Type { BOOL, STRING, STRINGS }

    private final List<String> args;
    private final Map<String, Type> declared = new LinkedHashMap<>();
    private final Map<String, List<String>> values = new HashMap<>();

    Flags(List<String> args) {
        this.args = args;
    }

    Flags bool(String name) {
        declared.put(name, Type.BOOL);
        return this;
    }

    Flags string(String name) {
        declared.put(name, Type.STRING);
        return this;
    }

    Flags strings(String name) {
        declared.put(name, Type.STRINGS);
        return this;
    }

    /** Checks every flag word; throws {@link ParseFailure} with Docker's message. */
    Flags parse() {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new ParseFailure("arg should start with -- : " + arg);
            }
            if (arg.equals("--")) {
                return this;
            }
            String name = arg.substring(2);
            String value = "";
            int eq = name.indexOf('=');
            boolean hasValue = eq >= 0;
            if (hasValue) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Type type = declared.get(name);
            if (type == null) {
                throw new ParseFailure("unknown flag: " + name);
            }
            if (values.containsKey(name) && type != Type.STRINGS) {
                throw new ParseFailure("duplicate flag specified: " + name);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(checked(name, type, hasValue, value));
        }
        return this;
    }

    private static String checked(String name, Type type, boolean hasValue, String value) {
        if (type != Type.BOOL) {
            if (!hasValue) {
                throw new ParseFailure("missing a value on flag: " + name);
            }
            return value;
        }
        if (hasValue && value.isEmpty()) {
            throw new ParseFailure("missing a value on flag: " + name);
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "":
            case "true":
                return "true";
            case "false":
                return "false";
            default:
                throw new ParseFailure("expecting boolean value for flag " + name + ", not: " + value);
        }
    }

    /** The value of a string flag, or null when it was not given. */
    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    boolean isTrue(String name) {
        return "true".equals(value(name));
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
