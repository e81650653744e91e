package dev.jdock.cli.format;

import dev.jdock.api.MiniJson;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON of {@link MiniJson} values (Map, List, String, Long/Double, Boolean, null), byte for byte as
 * jackson-databind's default writer prints the same tree: no HTML escapes (unlike {@code {{json}}} of the
 * templates, which is Go's), control characters as {@code \\n}-style or {@code \\u00XX} escapes.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonWriter() {
    }

    /**
     * Go's {@code json.Marshal} of the tree: HTML characters ({@code <>&}) escaped; maps in their own order (see
     * {@link #sorted} for Go's order of a map, as opposed to a struct's fields).
     */
    public static String goMarshal(Object v) {
        return TemplateFunctions.json(v, true);
    }

    /** A copy whose maps, at every depth, are in key order, as Go marshals a map. */
    public static Object sorted(Object v) {
        return TemplateFunctions.sortedCopy(v);
    }

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
                sep = ",";
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? "," : "");
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof String s) {
            quote(sb, s);
        } else {
            sb.append(v); // numbers, booleans and null print as Java prints them
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
