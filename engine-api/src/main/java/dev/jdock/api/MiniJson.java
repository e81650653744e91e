package dev.jdock.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to plain Java values (Map, List, String, Long/Double, Boolean, null) with a small hand-written reader, so the
 * hot commands (ps, images, version, logs) load neither databind nor jackson-core (whose factory set-up alone costs
 * tens of milliseconds in a fresh JVM). Plus typed getters that tolerate nulls.
 */
public final class MiniJson {
    private final byte[] in;
    private final int end;
    private int pos;

    private MiniJson(byte[] in, int end) {
        this.in = in;
        this.end = end;
    }

    /** Parses one JSON document (RFC 8259); trailing non-whitespace is an error. */
    public static Object parse(byte[] json) throws IOException {
        return parse(json, json.length);
    }

    /** As {@link #parse(byte[])} for the document in the first {@code length} bytes of {@code json}. */
    public static Object parse(byte[] json, int length) throws IOException {
        if (length < 0 || length > json.length) {
            throw new IndexOutOfBoundsException("length " + length + " of " + json.length);
        }
        MiniJson p = new MiniJson(json, length);
        p.skipWs();
        if (p.pos >= length) {
            return null;
        }
        Object v = p.value(0);
        p.skipWs();
        if (p.pos < length) {
            throw p.error("trailing data");
        }
        return v;
    }

    private Object value(int depth) throws IOException {
        if (depth > 1000) {
            throw error("nesting too deep");
        }
        if (pos >= end) {
            throw error("unexpected end of input");
        }
        byte b = in[pos];
        switch (b) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + (char) (b & 0xff) + "'");
        }
    }

    private Map<String, Object> object(int depth) throws IOException {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String k = string();
            skipWs();
            expect(':');
            skipWs();
            m.put(k, value(depth + 1));
            skipWs();
            byte c = next();
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws IOException {
        pos++;
        List<Object> l = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            return l;
        }
        while (true) {
            skipWs();
            l.add(value(depth + 1));
            skipWs();
            byte c = next();
            if (c == ']') {
                return l;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws IOException {
        int start = ++pos;
        boolean ascii = true;
        while (pos < end) {
            byte b = in[pos];
            if (b == '"') {
                String s = new String(in, start, pos - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (b == '\\') {
                return escaped(start);
            }
            if (b < 0) {
                ascii = false;
            } else if (b < 0x20) {
                throw error("control character in string");
            }
            pos++;
        }
        throw error("unterminated string");
    }

    /** The slow path: a string with escapes; {@code pos} is at the first backslash. */
    private String escaped(int start) throws IOException {
        StringBuilder sb = new StringBuilder(new String(in, start, pos - start, StandardCharsets.UTF_8));
        while (true) {
            int run = pos;
            while (pos < end && in[pos] != '"' && in[pos] != '\\') {
                pos++;
            }
            sb.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
            byte b = next();
            if (b == '"') {
                return sb.toString();
            }
            byte e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> throw error("bad escape");
            }
        }
    }

    private char hex4() throws IOException {
        if (pos + 4 > end) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Object number() throws IOException {
        int start = pos;
        boolean integral = true;
        if (in[pos] == '-') {
            pos++;
        }
        while (pos < end) {
            byte b = in[pos];
            if (b >= '0' && b <= '9') {
                pos++;
            } else if (b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        try {
            if (integral && pos - start < 19) {
                return Long.parseLong(text);
            }
            double d = Double.parseDouble(text);
            if (integral && d >= Long.MIN_VALUE && d <= Long.MAX_VALUE) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooBig) {
                    return d;
                }
            }
            return d;
        } catch (NumberFormatException e) {
            throw error("bad number " + text);
        }
    }

    private void literal(String word) throws IOException {
        for (int k = 0; k < word.length(); k++) {
            if (pos >= end || in[pos] != word.charAt(k)) {
                throw error("bad literal");
            }
            pos++;
        }
    }

    private void skipWs() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() throws IOException {
        if (pos >= end) {
            throw error("unexpected end of input");
        }
        return in[pos];
    }

    private byte next() throws IOException {
        byte b = peek();
        pos++;
        return b;
    }

    private void expect(char c) throws IOException {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private IOException error(String what) {
        return new IOException("invalid JSON at offset " + pos + ": " + what);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return v instanceof List ? (List<Object>) v : List.of();
    }

    @SuppressWarnings("unchecked")
    public static String str(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return v == null ? "" : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    public static long num(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    public static boolean bool(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return Boolean.TRUE.equals(v);
    }

    @SuppressWarnings("unchecked")
    public static boolean has(Object o, String key) {
        return o instanceof Map && ((Map<String, Object>) o).get(key) != null;
    }
}
