package dev.jdock.cli.format;

import dev.jdock.api.GoJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions of {@link FormatTemplate} (docker's template funcs and the Go builtins people use) and Go's
 * printing of values: {@code map[a:1 b:2]}, {@code [x y]}, {@code <nil>}, and {@code json} as Go's encoding/json
 * (compact, {@code <>&} escaped).
 */
final class TemplateFunctions {
    private TemplateFunctions() {
    }

    /**
     * Calls a function; in {@code header} mode (rendering a table's header row) the formatting functions return
     * their first argument unchanged, as the docker CLI's HeaderFunctions.
     */
    static Object call(String name, List<Object> a, boolean header) {
        if (header && !a.isEmpty() && java.util.Set.of("json", "split", "join", "title", "lower", "upper", "pad",
                "truncate").contains(name)) {
            return a.get(0);
        }
        return call(name, a);
    }

    private static final java.util.Set<String> NAMES = java.util.Set.of("json", "join", "split", "lower", "upper",
            "title", "pad", "truncate", "index", "len", "print", "println", "printf", "not", "and", "or", "eq", "ne",
            "lt", "le", "gt", "ge");

    /** True for a function {@link #call} knows. */
    static boolean defined(String name) {
        return NAMES.contains(name);
    }

    static Object call(String name, List<Object> a) {
        return switch (name) {
            case "json" -> json(arg(a, 0, name, 1));
            case "join" -> join(arg(a, 0, name, 2), str(arg(a, 1, name, 2)));
            case "split" -> List.<Object>copyOf(List.of(str(arg(a, 0, name, 2)).split(
                    java.util.regex.Pattern.quote(str(arg(a, 1, name, 2))), -1)));
            case "lower" -> str(arg(a, 0, name, 1)).toLowerCase(Locale.ROOT);
            case "upper" -> str(arg(a, 0, name, 1)).toUpperCase(Locale.ROOT);
            case "title" -> title(str(arg(a, 0, name, 1)));
            case "pad" -> " ".repeat((int) num(arg(a, 1, name, 3))) + str(arg(a, 0, name, 3))
                    + " ".repeat((int) num(arg(a, 2, name, 3)));
            case "truncate" -> truncate(str(arg(a, 0, name, 2)), (int) num(arg(a, 1, name, 2)));
            case "index" -> index(a);
            case "len" -> (long) length(arg(a, 0, name, 1));
            case "print" -> sprint(a);
            case "println" -> String.join(" ", a.stream().map(TemplateFunctions::printArgument).toList()) + "\n";
            case "printf" -> printf(a);
            case "not" -> !truth(arg(a, 0, name, 1));
            case "and" -> andOr(a, true);
            case "or" -> andOr(a, false);
            case "eq" -> equal(name, arg(a, 0, name, 2), a.subList(1, a.size()));
            case "ne" -> !equal(name, arg(a, 0, name, 2), List.of(arg(a, 1, name, 2)));
            case "lt", "le", "gt", "ge" -> compare(name, arg(a, 0, name, 2), arg(a, 1, name, 2));
            default -> throw new IllegalArgumentException("template: :1: function \"" + name + "\" not defined");
        };
    }

    private static Object arg(List<Object> a, int i, String fn, int want) {
        if (i >= a.size()) {
            throw new IllegalArgumentException("wrong number of args for " + fn + ": want " + want + " got "
                    + a.size());
        }
        return a.get(i);
    }

    static String str(Object o) {
        return o instanceof String s ? s : print(o);
    }

    private static long num(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof GoDurationValue d) {
            return d.nanos();
        }
        try {
            return Long.parseLong(str(o));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer; found " + print(o));
        }
    }

    private static String join(Object list, String sep) {
        if (!(list instanceof List<?> l)) {
            return str(list);
        }
        return String.join(sep, l.stream().map(TemplateFunctions::str).toList());
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return sb.toString();
    }

    private static String truncate(String s, int n) {
        return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }

    private static Object index(List<Object> a) {
        Object v = arg(a, 0, "index", 1);
        for (int i = 1; i < a.size(); i++) {
            Object k = a.get(i);
            if (v == GoZero.MAP) { // a nil map[string]string: the element's zero value
                v = "";
            } else if (v instanceof GoFields g && g.keyType() != null) { // Go's index takes no string for a nat.Port
                throw new IllegalArgumentException("error calling index: value has type string; should be "
                        + g.keyType());
            } else if (v instanceof Map<?, ?> m) {
                v = m.containsKey(str(k)) ? m.get(str(k)) : m instanceof GoFields g && g.elementZero() != null
                        ? g.elementZero() : FormatTemplate.NO_VALUE;
            } else if (v instanceof List<?> l) {
                if (!(k instanceof Long) && !(k instanceof Integer)) {
                    throw new IllegalArgumentException("error calling index: cannot index slice/array with type "
                            + GoPrintf.type(k));
                }
                long idx = num(k);
                if (idx < 0 || idx >= l.size()) {
                    throw new IllegalArgumentException("error calling index: index out of range: " + idx);
                }
                v = l.get((int) idx);
            } else if (v == null || v == FormatTemplate.NO_VALUE) {
                throw new IllegalArgumentException("error calling index: index of untyped nil");
            } else {
                throw new IllegalArgumentException("error calling index: can't index item of type "
                        + GoPrintf.type(v));
            }
        }
        return v;
    }

    private static int length(Object o) {
        if (o == GoZero.MAP || o == GoZero.SLICE) {
            return 0;
        }
        if (o instanceof Collection<?> c) {
            return c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        if (o instanceof String s) {
            return s.length();
        }
        if (o instanceof GoJsonNumber n) {
            return n.text().length();
        }
        throw new IllegalArgumentException("error calling len: len of type " + GoPrintf.type(o));
    }

    private static Object andOr(List<Object> a, boolean and) {
        Object last = null;
        for (Object o : a) {
            last = o;
            if (truth(o) != and) {
                return o;
            }
        }
        return last;
    }

    /**
     * Go's {@code eq}: values of one basic kind compare as that kind (a {@code json.Number} is a string), two kinds
     * refuse ({@code incompatible types for comparison}), nil equals nil and a nil pointer, map or slice; other values
     * compare as printed.
     */
    private static boolean equal(String fn, Object x, List<Object> others) {
        for (Object y : others) {
            Kind kx = Kind.of(x);
            Kind ky = Kind.of(y);
            boolean same;
            if (kx == Kind.MISSING || ky == Kind.MISSING) { // nil: a nil pointer, map or slice of the typed pass is
                same = (kx == Kind.MISSING || x instanceof GoZero) && (ky == Kind.MISSING || y instanceof GoZero);
            } else if (kx != ky && kx != Kind.OTHER && ky != Kind.OTHER) {
                throw new IllegalArgumentException("error calling " + fn + ": incompatible types for comparison");
            } else if (kx == Kind.INT || kx == Kind.FLOAT) {
                same = number(x) == number(y);
            } else {
                same = print(x).equals(print(y));
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code lt}, {@code le}, {@code gt}, {@code ge}: numbers or strings of one kind. */
    private static boolean compare(String op, Object x, Object y) {
        Kind kx = Kind.of(x);
        Kind ky = Kind.of(y);
        if (kx == Kind.BOOL || ky == Kind.BOOL) {
            throw new IllegalArgumentException("error calling " + op + ": invalid type for comparison");
        }
        if (kx != ky && kx != Kind.OTHER && ky != Kind.OTHER && kx != Kind.MISSING && ky != Kind.MISSING) {
            throw new IllegalArgumentException("error calling " + op + ": incompatible types for comparison");
        }
        int c = (kx == Kind.INT || kx == Kind.FLOAT) && kx == ky ? Double.compare(number(x), number(y))
                : str(x).compareTo(str(y));
        return switch (op) {
            case "lt" -> c < 0;
            case "le" -> c <= 0;
            case "gt" -> c > 0;
            default -> c >= 0;
        };
    }

    private static double number(Object v) {
        return v instanceof GoDurationValue d ? d.nanos() : ((Number) v).doubleValue();
    }

    /** Go's basic kinds of a template value, as eq and lt tell them apart. */
    private enum Kind {
        BOOL, INT, FLOAT, STRING, MISSING, OTHER;

        static Kind of(Object v) {
            if (v == null || v == FormatTemplate.NO_VALUE) {
                return MISSING;
            }
            if (v instanceof Boolean) {
                return BOOL;
            }
            if (v instanceof Long || v instanceof Integer || v instanceof GoDurationValue) {
                return INT;
            }
            if (v instanceof Double) {
                return FLOAT;
            }
            if (v instanceof String || v instanceof GoJsonNumber) {
                return STRING;
            }
            return OTHER;
        }
    }

    /** Go's {@code fmt.Sprintf} for %s %v %d %q %% (enough for format strings). */
    private static String printf(List<Object> a) {
        return GoPrintf.sprintf(str(arg(a, 0, "printf", 1)), a.subList(1, a.size()), TemplateFunctions::printArgument);
    }

    /** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
    static boolean truth(Object v) {
        if (v == null || v == FormatTemplate.NO_VALUE || v instanceof GoZero) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof GoDurationValue d) {
            return d.nanos() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (!(v instanceof FormatTemplate.Method) && !(m instanceof GoFields g && g.isZero(k))) {
                out.put(String.valueOf(k), v);
            }
        });
        return out;
    }

    /** Go's {@code fmt.Sprint}: a space between two operands when neither is a string. */
    private static String sprint(List<Object> a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            if (i > 0 && !(a.get(i - 1) instanceof String) && !(a.get(i) instanceof String)) {
                sb.append(' ');
            }
            sb.append(printArgument(a.get(i)));
        }
        return sb.toString();
    }

    /** {@code fmt.Sprint}'s text of a function's argument: as a template prints it, but a pointer to a struct. */
    private static String printArgument(Object v) {
        String s = v instanceof GoFields g ? g.printArgument() : null;
        return s != null ? s : v instanceof String x ? x : print(v);
    }

    /** A map's value or a slice's element as Go prints it: a pointer to a struct as its address. */
    private static String element(Object x) {
        return x instanceof GoFields g && g.isPointer() ? GoFields.address(x) : print(x);
    }

    /** Go's {@code %v} as text/template prints a value. */
    static String print(Object v) {
        if (v == FormatTemplate.NO_VALUE) {
            return "<no value>";
        }
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof GoStruct g) {
            List<String> parts = new ArrayList<>();
            for (Object x : g.values()) {
                parts.add(print(x));
            }
            return "{" + String.join(" ", parts) + "}";
        }
        String struct = v instanceof GoFields g ? g.printStruct() : null;
        if (struct != null) {
            return struct;
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            stringKeys(m).forEach((k, x) -> parts.add(k + ":" + element(x)));
            return "map[" + String.join(" ", parts) + "]";
        }
        if (v instanceof List<?> l) {
            return "[" + String.join(" ", l.stream().map(TemplateFunctions::element).toList()) + "]";
        }
        if (v instanceof Double d) {
            return GoPrintf.shortest(d);
        }
        return String.valueOf(v);
    }

    /** A deep copy with every map's keys sorted (Go marshals maps sorted). */
    static Object sortedCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            stringKeys(m).forEach((k, x) -> out.put(k, sortedCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(TemplateFunctions::sortedCopy).toList();
        }
        return v;
    }

    /**
     * The docker CLI's {@code json} template function: Go's encoder without HTML escaping, compact, map order as
     * given (records keep field order).
     */
    static String json(Object v) {
        return json(v, false);
    }

    /** {@code json}, HTML characters ({@code <>&}) escaped as {@code json.Marshal} does when {@code escapeHtml}. */
    static String json(Object v, boolean escapeHtml) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, v, escapeHtml);
        return sb.toString();
    }

    private static void writeJson(StringBuilder sb, Object v, boolean html) {
        if (v == null || v == FormatTemplate.NO_VALUE || v instanceof GoZero) {
            sb.append("null");
        } else if (v instanceof String s) {
            GoJson.quote(sb, s, html);
        } else if (v instanceof ContextRow && !html) {
            writeJson(sb, v, true);
        } else if (v instanceof GoTimeValue t) {
            GoJson.quote(sb, t.json(), html);
        } else if (v instanceof GoDurationValue d) {
            sb.append(d.nanos());
        } else if (v instanceof GoStruct g) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : g.entrySet()) {
                String key = g.jsonName(e.getKey());
                if (key == null) {
                    continue;
                }
                sb.append(first ? "" : ",");
                first = false;
                GoJson.quote(sb, key, html);
                sb.append(':');
                writeJson(sb, e.getValue(), html);
            }
            sb.append('}');
        } else if (v instanceof Double d) {
            sb.append(GoPrintf.json(d));
        } else if (v instanceof Number || v instanceof Boolean || v instanceof GoJsonNumber) {
            sb.append(print(v));
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            // a Go map of the typed pass is marshalled with its keys sorted; a struct in its fields' order
            Iterable<? extends Map.Entry<?, ?>> entries = m instanceof GoFields g && g.isGoMap()
                    ? new TreeMap<Object, Object>(m).entrySet() : m.entrySet();
            for (Map.Entry<?, ?> e : entries) {
                if (e.getValue() instanceof FormatTemplate.Method
                        || (m instanceof GoFields g && g.isZero(e.getKey()))) {
                    continue; // a zero the typed pass added: omitempty
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                GoJson.quote(sb, String.valueOf(e.getKey()), html);
                sb.append(':');
                writeJson(sb, e.getValue(), html);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeJson(sb, l.get(i), html);
            }
            sb.append(']');
        } else {
            GoJson.quote(sb, String.valueOf(v), html);
        }
    }
}
