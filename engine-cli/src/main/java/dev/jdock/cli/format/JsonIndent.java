package dev.jdock.cli.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jdock.api.GoJson;
import java.io.IOException;
import java.util.List;

/**
 * Re-indents raw JSON like Go's {@code json.Indent(dst, src, "", "    ")}, as {@code docker inspect} prints it:
 * four-space indent, {@code "key": value}, empty arrays/objects as {@code []}/{@code {}}; numbers keep their text,
 * strings are written as Go's encoder without HTML escaping (json.Indent copies the daemon's text, and jdockd
 * writes {@code <>&} as they are).
 */
public final class JsonIndent {
    private JsonIndent() {
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Prints documents as one JSON array, like {@code docker inspect}. */
    public static String array(List<byte[]> docs) throws IOException {
        return array(docs, false);
    }

    /**
     * The array with {@code <>&} escaped too, as Go's {@code json.MarshalIndent} of a typed value writes them
     * ({@code context inspect}).
     */
    public static String array(List<byte[]> docs, boolean escapeHtml) throws IOException {
        if (docs.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < docs.size(); i++) {
            sb.append("    ");
            try (JsonParser p = FACTORY.createParser(docs.get(i))) {
                p.nextToken();
                write(p, sb, 1, escapeHtml);
            }
            sb.append(i + 1 < docs.size() ? ",\n" : "\n");
        }
        return sb.append(']').toString();
    }

    private static void write(JsonParser p, StringBuilder sb, int depth, boolean html) throws IOException {
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
                    GoJson.quote(sb, p.currentName(), html);
                    sb.append(": ");
                    p.nextToken();
                }
                write(p, sb, depth + 1, html);
                next = p.nextToken();
            }
            sb.append('\n');
            indent(sb, depth);
            sb.append(obj ? '}' : ']');
        } else if (t == JsonToken.VALUE_STRING) {
            GoJson.quote(sb, p.getText(), html);
        } else {
            sb.append(p.getText());
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("    ");
        }
    }
}
