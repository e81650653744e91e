package dev.jdock.cli.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * Re-indents raw JSON like Go's {@code json.Indent(dst, src, "", "    ")}, as {@code docker inspect} prints it:
 * four-space indent, {@code "key": value}, empty arrays/objects as {@code []}/{@code {}}; numbers keep their text.
 */
public final class JsonIndent {
    private JsonIndent() {
    }

    /** Created on first use: {@link #quote} (ps's COMMAND cell) must not pay for jackson's set-up. */
    private static final class Factory {
        static final JsonFactory INSTANCE = new JsonFactory();
    }

    /** Prints documents as one JSON array, like {@code docker inspect}. */
    public static String array(List<byte[]> docs) throws IOException {
        if (docs.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < docs.size(); i++) {
            sb.append("    ");
            try (JsonParser p = Factory.INSTANCE.createParser(docs.get(i))) {
                p.nextToken();
                write(p, sb, 1);
            }
            sb.append(i + 1 < docs.size() ? ",\n" : "\n");
        }
        return sb.append(']').toString();
    }

    private static void write(JsonParser p, StringBuilder sb, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            boolean obj = t == JsonToken.START_OBJECT;
            JsonToken end = obj ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
            JsonToken next = p.nextToken();
            if (next == end) {
                sb.append(obj ? "{}" : "[]");
                return;
            }
            sb.append(obj ? '{' : '[');
            boolean first = true;
            while (next != end) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                indent(sb, depth + 1);
                if (obj) {
                    quote(sb, p.currentName());
                    sb.append(": ");
                    p.nextToken();
                }
                write(p, sb, depth + 1);
                next = p.nextToken();
            }
            sb.append('\n');
            indent(sb, depth);
            sb.append(obj ? '}' : ']');
        } else if (t == JsonToken.VALUE_STRING) {
            quote(sb, p.getText());
        } else {
            sb.append(p.getText());
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("    ");
        }
    }

    /** Quotes like Go's encoder (including {@code <>&} as \\u003c… escapes). */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '<': sb.append("\\u003c"); break;
                case '>': sb.append("\\u003e"); break;
                case '&': sb.append("\\u0026"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
