package dev.jdock.cli.context;

import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An imported {@code meta.json} read as docker's {@code json.Unmarshal} into its {@code store.Metadata} reads it, with
 * Go's messages for what it refuses: syntax ({@code invalid character 'x' looking for beginning of value},
 * {@code unexpected end of JSON input}) and types ({@code json: cannot unmarshal string into Go value of type
 * store.Metadata}).
 */
final class MetaJson {
    private final byte[] b;
    private int i;

    private MetaJson(byte[] b) {
        this.b = b;
    }

    static DockerContext parse(byte[] json) throws IOException {
        new MetaJson(json).check();
        Object root = MiniJson.parse(json);
        if (root == null) {
            return new DockerContext(null, null, null);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new ContextArchive.ArchiveException("json: cannot unmarshal " + kind(root)
                    + " into Go value of type store.Metadata");
        }
        Object name = m.get("Name");
        if (name != null && !(name instanceof String)) {
            throw field(name, "Name", "string");
        }
        Object endpoints = m.get("Endpoints");
        if (endpoints != null && !(endpoints instanceof Map)) {
            throw field(endpoints, "Endpoints", "map[string]interface {}");
        }
        return DockerContext.parse(json);
    }

    private static IOException field(Object v, String field, String type) {
        return new ContextArchive.ArchiveException("json: cannot unmarshal " + kind(v)
                + " into Go struct field Metadata." + field + " of type " + type);
    }

    private static String kind(Object v) {
        return v instanceof String ? "string" : v instanceof Boolean ? "bool" : v instanceof List ? "array"
                : v instanceof Map ? "object" : "number";
    }

    /** Go's scanner over the whole input: one value, then only white space. */
    private void check() throws IOException {
        value();
        ws();
        if (i < b.length) {
            throw bad("after top-level value");
        }
    }

    private void ws() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
    }

    private int peek() throws IOException {
        if (i >= b.length) {
            throw new ContextArchive.ArchiveException("unexpected end of JSON input");
        }
        return b[i] & 0xff;
    }

    private IOException bad(String where) {
        int c = b[i] & 0xff;
        String q = c == '\'' ? "'\\''" : c == '"' ? "'\"'" : c < 0x20 || c >= 0x7f ? String.format("'\\x%02x'", c)
                : "'" + (char) c + "'";
        return new ContextArchive.ArchiveException("invalid character " + q + " " + where);
    }

    private void value() throws IOException {
        ws();
        int c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    number();
                } else {
                    throw bad("looking for beginning of value");
                }
            }
        }
    }

    private void object() throws IOException {
        i++;
        ws();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            ws();
            if (peek() != '"') {
                throw bad("looking for beginning of object key string");
            }
            string();
            ws();
            if (peek() != ':') {
                throw bad("after object key");
            }
            i++;
            value();
            ws();
            int c = peek();
            i++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                i--;
                throw bad("after object key:value pair");
            }
        }
    }

    private void array() throws IOException {
        i++;
        ws();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            value();
            ws();
            int c = peek();
            i++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                i--;
                throw bad("after array element");
            }
        }
    }

    private void string() throws IOException {
        i++;
        while (true) {
            int c = peek();
            if (c == '"') {
                i++;
                return;
            }
            if (c < 0x20) {
                throw bad("in string literal");
            }
            i++;
            if (c == '\\') {
                int e = peek();
                if ("\"\\/bfnrt".indexOf(e) >= 0) {
                    i++;
                } else if (e == 'u') {
                    i++;
                    for (int k = 0; k < 4; k++) {
                        int h = peek();
                        if (Character.digit(h, 16) < 0) {
                            throw bad("in \\u hexadecimal character escape");
                        }
                        i++;
                    }
                } else {
                    throw bad("in string escape code");
                }
            }
        }
    }

    private void literal(String word) throws IOException {
        i++;
        for (int k = 1; k < word.length(); k++) {
            if (peek() != word.charAt(k)) {
                throw bad("in literal " + word + " (expecting '" + word.charAt(k) + "')");
            }
            i++;
        }
    }

    private void number() throws IOException {
        if (b[i] == '-') {
            i++;
            if (!Character.isDigit(peek())) {
                throw bad("in numeric literal");
            }
        }
        if (b[i] == '0') {
            i++;
        } else {
            digits();
        }
        if (i < b.length && b[i] == '.') {
            i++;
            if (!Character.isDigit(peek())) {
                throw bad("after decimal point in numeric literal");
            }
            digits();
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!Character.isDigit(peek())) {
                throw bad("in exponent of numeric literal");
            }
            digits();
        }
    }

    private void digits() {
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
    }
}
