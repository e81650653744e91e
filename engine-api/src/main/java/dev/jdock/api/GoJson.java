package dev.jdock.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Go's {@code encoding/json} scanner, for what the docker CLI reads with it: the input is one JSON value then only
 * white space, or it is refused with Go's words ({@code invalid character 'x' looking for beginning of value},
 * {@code unexpected end of JSON input}); {@code json.Compact}; and its encoder's strings ({@link #quote}).
 */
public final class GoJson {
    /** A syntax error, worded as Go's {@code json.SyntaxError}. */
    public static final class SyntaxException extends IOException {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** Go's {@code maxNestingDepth}: containers open at once. */
    static final int MAX_DEPTH = 10_000;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] b;
    private int i;

    private GoJson(byte[] b) {
        this.b = b;
    }

    /**
     * A string as Go's {@code encoding/json} encoder writes it (Go 1.22 and later, as docker 28 and moby 28 are
     * built): backslash escapes for quote, backslash, newline, return, tab, backspace and form feed, six-character
     * escapes for the other controls and for U+2028 and U+2029, {@code < > &} as {@code \u003c \u003e \u0026} when
     * {@code html} ({@code json.Marshal}; an encoder with {@code SetEscapeHTML(false)} writes them as they are), and
     * a lone surrogate (invalid UTF-8 in Go) as {@code \ufffd}.
     */
    public static StringBuilder quote(StringBuilder b, String s, boolean html) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || html && (c == '<' || c == '>' || c == '&')) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (c == '\u2028' || c == '\u2029') {
                        b.append(c == '\u2028' ? "\\u2028" : "\\u2029");
                    } else if (Character.isHighSurrogate(c) && k + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(k + 1))) {
                        b.append(c).append(s.charAt(++k));
                    } else if (Character.isSurrogate(c)) {
                        b.append("\\ufffd");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** Refuses what Go's {@code json.Valid} refuses, with Go's message. */
    public static void check(byte[] json) throws SyntaxException {
        new GoJson(json).scan();
    }

    /**
     * Go's {@code json.Compact}: the white space between tokens elided, everything else (strings, numbers) byte for
     * byte; what is not valid JSON refused as {@link #check} refuses it.
     */
    public static byte[] compact(byte[] json) throws SyntaxException {
        check(json);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        boolean inString = false;
        for (int k = 0; k < json.length; k++) {
            byte c = json[k];
            if (inString) {
                out.write(c);
                if (c == '\\') {
                    out.write(json[++k]); // valid: an escape always has its next byte
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.write(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** Go's scanner over the whole input: one value, then only white space. */
    private void scan() throws SyntaxException {
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

    private int peek() throws SyntaxException {
        if (i >= b.length) {
            throw new SyntaxException("unexpected end of JSON input");
        }
        return b[i] & 0xff;
    }

    private SyntaxException bad(String where) {
        return new SyntaxException("invalid character " + quoteChar(b[i] & 0xff) + " " + where);
    }

    /**
     * Go's {@code quoteChar}: the byte as {@code strconv.Quote} gives the rune of that number, in single quotes
     * ({@code '\t'}, {@code '\x01'}, {@code '\x7f'}; 0x80 as its six-character Unicode escape, 0xe9 as 'é').
     */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        String q = switch (c) {
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x0b -> "\\v";
            case '\\' -> "\\\\";
            default -> null;
        };
        if (q == null) {
            if (c < 0x20 || c == 0x7f) {
                q = String.format("\\x%02x", c);
            } else if (c < 0x7f || c >= 0xa1 && c != 0xad) { // Go's strconv.IsPrint over Latin-1
                q = String.valueOf((char) c);
            } else {
                q = String.format("\\u%04x", c);
            }
        }
        return "'" + q + "'";
    }

    /**
     * One value, containers and all, without recursion: each open container's opening byte is kept on a stack of
     * at most Go's {@code maxNestingDepth} (10,000; the next opening is {@code invalid character '[' exceeded max
     * depth}, as Go's scanner words it). A recursive descent ran a handler's stack out on a {@code filters} of
     * 20,000 {@code [} (StackOverflowError, a 500 and a thousand lines of log per request).
     */
    private void value() throws SyntaxException {
        byte[] open = new byte[16];
        int depth = 0;
        while (true) {
            ws();
            int c = peek();
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw bad("exceeded max depth");
                }
                i++;
                ws();
                if (peek() == (c == '{' ? '}' : ']')) {
                    i++;
                } else {
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, Math.min(2 * depth, MAX_DEPTH));
                    }
                    open[depth++] = (byte) c;
                    if (c == '{') {
                        key();
                    }
                    continue;
                }
            } else {
                scalar(c);
            }
            // a value ended: close the containers it ends, or go on to the next element
            while (true) {
                if (depth == 0) {
                    return;
                }
                boolean object = open[depth - 1] == '{';
                ws();
                int k = peek();
                if (k == ',') {
                    i++;
                    if (object) {
                        key();
                    }
                    break;
                }
                if (k != (object ? '}' : ']')) {
                    throw bad(object ? "after object key:value pair" : "after array element");
                }
                i++;
                depth--;
            }
        }
    }

    /** An object's key and its colon. */
    private void key() throws SyntaxException {
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
    }

    private void scalar(int c) throws SyntaxException {
        switch (c) {
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

    private void string() throws SyntaxException {
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

    private void literal(String word) throws SyntaxException {
        i++;
        for (int k = 1; k < word.length(); k++) {
            if (peek() != word.charAt(k)) {
                throw bad("in literal " + word + " (expecting '" + word.charAt(k) + "')");
            }
            i++;
        }
    }

    private void number() throws SyntaxException {
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
