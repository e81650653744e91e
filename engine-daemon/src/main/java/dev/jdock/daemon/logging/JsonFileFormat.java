package dev.jdock.daemon.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One json-file record: {@code {"log":"...","stream":"stdout","attrs":{...},"time":"..."}}. The monitor's shape
 * ({@code {"log":"<escaped>","stream":"stdout|stderr","time":"<RFC3339>"}}) is decoded by hand straight into a
 * {@link LogLine}, and so is that shape with the attrs of the record before it (the monitor writes one start's attrs
 * on every line); any other (other field order, new attrs, white space, escapes or bytes the scanner does not take)
 * goes through jackson's streaming parser. Both decode the "log" string as Go's encoding/json does, except that the
 * hand decoder also takes invalid UTF-8 (each bad byte becomes U+FFFD, as Go's decoder does) where jackson refuses
 * the line.
 */
final class JsonFileFormat {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] HEAD = ascii("{\"log\":\"");
    /** What follows the log string (its closing quote included) up to the time string's opening quote. */
    private static final byte[] STDOUT_TAIL = ascii("\",\"stream\":\"stdout\",\"time\":\"");
    private static final byte[] STDERR_TAIL = ascii("\",\"stream\":\"stderr\",\"time\":\"");
    private static final int MAX_TIME = 40;

    private JsonFileFormat() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Decodes the record {@code b[off, off+len)} (a line without its newline) into {@code out}; false: none. */
    static boolean decode(byte[] b, int off, int len, LogLine out) throws IOException {
        if (len == 0) {
            return false;
        }
        if (decodeFast(b, off, len, out)) {
            return true;
        }
        Optional<LogEntry> e = parse(java.util.Arrays.copyOfRange(b, off, off + len));
        e.ifPresent(out::set);
        e.ifPresent(x -> out.knownAttrs(x.attrs())); // the next records of a start have the same: decodeFast's
        return e.isPresent();
    }

    /** The monitor's shape, by hand; false (out unspecified) for anything else. */
    static boolean decodeFast(byte[] b, int off, int len, LogLine out) {
        int end = off + len;
        if (len < HEAD.length + STDOUT_TAIL.length + 2 || !startsWith(b, off, HEAD)
                || b[end - 1] != '}' || b[end - 2] != '"') {
            return false;
        }
        int t = end - 2; // the time string is [t, end - 2): scan back to its opening quote
        while (t > off && end - 2 - t < MAX_TIME && timeChar(b[t - 1])) {
            t--;
        }
        int tailAt = t - STDOUT_TAIL.length;
        if (tailAt < off + HEAD.length || b[t - 1] != '"') {
            return false;
        }
        boolean stderr;
        boolean known = false;
        if (startsWith(b, tailAt, STDOUT_TAIL)) {
            stderr = false;
        } else if (startsWith(b, tailAt, STDERR_TAIL)) {
            stderr = true;
        } else if (knownTail(b, off, t, out.knownTail(false))) {
            stderr = false;
            known = true;
        } else if (knownTail(b, off, t, out.knownTail(true))) {
            stderr = true;
            known = true;
        } else {
            return false;
        }
        if (known) {
            tailAt = t - out.knownTail(stderr).length;
        }
        int n = unescape(b, off + HEAD.length, tailAt, out);
        if (n < 0) {
            return false;
        }
        out.set(n, stderr);
        if (known) {
            out.attrs(out.knownAttrs());
        }
        out.timeText(b, t, end - 2 - t);
        return true;
    }

    /** Whether the record's bytes before its time string {@code t} are {@code tail} (the known attrs' one). */
    private static boolean knownTail(byte[] b, int off, int t, byte[] tail) {
        return tail != null && t - tail.length >= off + HEAD.length && startsWith(b, t - tail.length, tail);
    }

    private static boolean timeChar(byte c) {
        return c >= '0' && c <= '9' || c == '-' || c == ':' || c == '.' || c == 'T' || c == 'Z' || c == '+';
    }

    private static boolean startsWith(byte[] b, int off, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The JSON string body {@code b[from, to)} (its closing quote at {@code to}) decoded into {@code out.text()}:
     * its length, or -1 when it is not a complete string ending exactly there (an unescaped quote or control byte
     * inside, an escape cut by the end, a bad escape, a lone surrogate escape: the jackson path decides).
     */
    static int unescape(byte[] b, int from, int to, LogLine line) {
        byte[] o = line.reserve(to - from);
        int w = 0;
        int i = from;
        while (i < to) {
            int run = ByteScan.plainRun(b, i, to);
            if (run > i) {
                System.arraycopy(b, i, o, w, run - i);
                w += run - i;
                i = run;
                if (i == to) {
                    break;
                }
            }
            byte c = b[i];
            o = line.reserve(w + 4 + (to - i));
            if (c < 0) {
                int n = utf8Length(b, i, to);
                if (n == 0) {
                    o[w++] = (byte) 0xef; // invalid UTF-8: U+FFFD for the byte, as Go's decoder
                    o[w++] = (byte) 0xbf;
                    o[w++] = (byte) 0xbd;
                    i++;
                } else {
                    System.arraycopy(b, i, o, w, n);
                    w += n;
                    i += n;
                }
                continue;
            }
            if (c != '\\' || i + 1 >= to) {
                return -1; // a quote or control byte in the string: not the monitor's shape
            }
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"', '\\', '/' -> o[w++] = e;
                case 'n' -> o[w++] = '\n';
                case 't' -> o[w++] = '\t';
                case 'r' -> o[w++] = '\r';
                case 'b' -> o[w++] = '\b';
                case 'f' -> o[w++] = '\f';
                case 'u' -> {
                    int cp = hex4(b, i, to);
                    if (cp < 0) {
                        return -1;
                    }
                    i += 4;
                    if (cp >= 0xd800 && cp <= 0xdfff) {
                        boolean pair = cp <= 0xdbff && i + 6 <= to && b[i] == '\\' && b[i + 1] == 'u';
                        int lo = pair ? hex4(b, i + 2, to) : -1;
                        if (lo < 0xdc00 || lo > 0xdfff) {
                            return -1; // a lone surrogate
                        }
                        i += 6;
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    }
                    w = putUtf8(o, w, cp);
                }
                default -> {
                    return -1;
                }
            }
        }
        return w;
    }

    /** The length of the valid UTF-8 sequence at {@code b[i]} (a byte >= 0x80) before {@code to}, or 0. */
    private static int utf8Length(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        int n;
        int cp;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            cp = c & 0x1f;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            cp = c & 0x0f;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            int x = b[i + k] & 0xff;
            if ((x & 0xc0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | x & 0x3f;
        }
        return cp < min || cp > 0x10ffff || cp >= 0xd800 && cp <= 0xdfff ? 0 : n;
    }

    private static int hex4(byte[] b, int i, int to) {
        if (i + 4 > to) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[i + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static int putUtf8(byte[] o, int w, int cp) {
        if (cp < 0x80) {
            o[w++] = (byte) cp;
        } else if (cp < 0x800) {
            o[w++] = (byte) (0xc0 | cp >> 6);
            o[w++] = (byte) (0x80 | cp & 0x3f);
        } else if (cp < 0x10000) {
            o[w++] = (byte) (0xe0 | cp >> 12);
            o[w++] = (byte) (0x80 | cp >> 6 & 0x3f);
            o[w++] = (byte) (0x80 | cp & 0x3f);
        } else {
            o[w++] = (byte) (0xf0 | cp >> 18);
            o[w++] = (byte) (0x80 | cp >> 12 & 0x3f);
            o[w++] = (byte) (0x80 | cp >> 6 & 0x3f);
            o[w++] = (byte) (0x80 | cp & 0x3f);
        }
        return w;
    }

    /** The entry of one line (without its newline); empty for a line that is no record. */
    static Optional<LogEntry> parse(byte[] line) throws IOException {
        if (line.length == 0) {
            return Optional.empty();
        }
        String log = null;
        String stream = "stdout";
        String time = null;
        Map<String, String> attrs = Map.of();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "log" -> log = p.getValueAsString();
                    case "stream" -> stream = p.getValueAsString();
                    case "time" -> time = p.getValueAsString();
                    case "attrs" -> attrs = t == JsonToken.START_OBJECT ? attrs(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
        if (log == null) {
            return Optional.empty();
        }
        Instant t = Instant.EPOCH;
        if (time != null) {
            try {
                t = Instant.parse(time);
            } catch (RuntimeException e) {
                // keep EPOCH for an unparsable time
            }
        }
        return Optional.of(new LogEntry(log.getBytes(StandardCharsets.UTF_8), "stderr".equals(stream), t,
                time == null ? "" : time, attrs));
    }

    private static Map<String, String> attrs(JsonParser p) throws IOException {
        Map<String, String> out = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            out.put(k, p.getValueAsString(""));
            p.skipChildren();
        }
        return out;
    }

    private static Map<String, String> skip(JsonParser p) throws IOException {
        p.skipChildren();
        return Map.of();
    }

}
