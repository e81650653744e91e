package dev.jdock.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand decoder of json-file lines against the jackson path, byte for byte. */
class JsonFileFormatTest {
    private static final String TIME = "2026-11-28T02:03:04.123456789Z";

    /** The monitor's jd_json_escape (runtime-native logfile.c), Go's encoding/json escaping, on raw bytes. */
    static String escape(byte[] in) {
        StringBuilder o = new StringBuilder();
        for (int i = 0; i < in.length;) {
            int c = in[i] & 0xff;
            if (c >= 0x80) {
                int n = utf8Length(in, i);
                if (n == 0) {
                    o.append("\\ufffd");
                    i++;
                    continue;
                }
                String s = new String(in, i, n, StandardCharsets.UTF_8);
                o.append(s.equals("\u2028") ? "\\u2028" : s.equals("\u2029") ? "\\u2029" : s);
                i += n;
                continue;
            }
            i++;
            switch (c) {
                case '"' -> o.append("\\\"");
                case '\\' -> o.append("\\\\");
                case '\n' -> o.append("\\n");
                case '\r' -> o.append("\\r");
                case '\t' -> o.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        o.append(String.format("\\u%04x", c));
                    } else {
                        o.append((char) c);
                    }
                }
            }
        }
        return o.toString();
    }

    private static int utf8Length(byte[] b, int i) {
        int c = b[i] & 0xff;
        int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (n == 0 || i + n > b.length) {
            return 0;
        }
        int cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | b[i + k] & 0x3f;
        }
        int min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
        return cp < min || cp > 0x10ffff || cp >= 0xd800 && cp <= 0xdfff ? 0 : n;
    }

    private static byte[] monitorLine(byte[] data, boolean stderr, String time) {
        return ("{\"log\":\"" + escape(data) + "\",\"stream\":\"" + (stderr ? "stderr" : "stdout") + "\",\"time\":\""
                + time + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A json-file line with its newline, as the monitor writes it. */
    static byte[] escapedLine(String text, boolean stderr) {
        byte[] l = monitorLine(utf8(text), stderr, TIME);
        byte[] out = java.util.Arrays.copyOf(l, l.length + 1);
        out[l.length] = '\n';
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes {@code line} both ways (the hand decoder must take it) and compares everything. */
    private static void assertSameAsJackson(byte[] line) throws IOException {
        LogLine fast = new LogLine();
        assertTrue(JsonFileFormat.decodeFast(line, 0, line.length, fast),
                () -> new String(line, StandardCharsets.UTF_8));
        LogEntry slow = JsonFileFormat.parse(line).orElseThrow();
        LogEntry got = fast.toEntry();
        assertArrayEquals(slow.log(), got.log(), () -> new String(line, StandardCharsets.UTF_8));
        assertEquals(slow.stderr(), got.stderr());
        assertEquals(slow.time(), got.time());
        assertEquals(slow.rawTime(), got.rawTime());
        assertEquals(Map.of(), got.attrs());
    }

    @Test
    void monitorLines_decodeAsJacksonDoes() throws IOException {
        List<byte[]> data = new ArrayList<>(List.of(utf8("hello\n"), utf8(""), utf8("no newline (partial entry)"),
                utf8("quote \" backslash \\ tab \t cr \r nl \n"), utf8("<html> & </html>\n"),
                new byte[] {0, 1, 2, 0x1b, '[', '3', '1', 'm', 0x7f, '\n'}, utf8("é ü ñ 中文 日本語 😀 🎉\n"),
                utf8("line sep \u2028 para sep \u2029 bom \ufeff\n"), utf8("ends with backslash \\"),
                utf8("\\\\\\\"\"\"\\"), utf8("ascii ~!@#$%^*()_+{}|:?`-=[];',./\n")));
        StringBuilder huge = new StringBuilder();
        while (huge.length() < 16 * 1024) {
            huge.append("<\"\\\t\u0001é😀>");
        }
        data.add(utf8(huge.toString()));
        for (byte[] d : data) {
            assertSameAsJackson(monitorLine(d, false, TIME));
            assertSameAsJackson(monitorLine(d, true, "2026-11-28T02:03:04Z"));
        }
    }

    @Test
    void randomLines_decodeAsJacksonDoes() throws IOException {
        Random rnd = new Random(14);
        for (int n = 0; n < 1000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(n % 100 == 0 ? 20_000 : 200);
            for (int i = 0; i < len; i++) {
                int kind = rnd.nextInt(10);
                int cp = kind < 5 ? 0x20 + rnd.nextInt(0x5f) : kind < 7 ? rnd.nextInt(0x20)
                        : kind < 8 ? 0x80 + rnd.nextInt(0x780) : kind < 9 ? 0x800 + rnd.nextInt(0xd000)
                        : 0x10000 + rnd.nextInt(0x100000);
                sb.appendCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 'x' : cp);
            }
            assertSameAsJackson(monitorLine(utf8(sb.toString()), rnd.nextBoolean(), TIME));
        }
    }

    @Test
    void escapesGoWritesThatTheMonitorDoesNot() throws IOException {
        for (String esc : new String[] {"\\/", "\\b", "\\f", "\\u00e9", "\\u4e2d", "\\ud83d\\ude00",
            "\\uD83D\\uDE00", "\\u0000", "\\u001F", "a\\u2028b"}) {
            byte[] line = utf8("{\"log\":\"" + esc + "\\n\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}");
            assertSameAsJackson(line);
        }
    }

    @Test
    void invalidUtf8_becomesReplacementCharacters_asGoDecodes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(utf8("{\"log\":\"a"));
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe2, (byte) 0x82, 'b', (byte) 0xc0, (byte) 0xaf,
            (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        b.writeBytes(utf8("\\n\",\"stream\":\"stderr\",\"time\":\"" + TIME + "\"}"));
        LogLine line = new LogLine();
        assertTrue(JsonFileFormat.decode(b.toByteArray(), 0, b.size(), line));
        String fffd = "\ufffd";
        assertEquals("a" + fffd + fffd + fffd + "b" + fffd.repeat(5) + "\n",
                new String(line.text(), 0, line.length(), StandardCharsets.UTF_8));
        assertTrue(line.stderr());
    }

    /**
     * One start's attrs are on every line the monitor writes: the first line with them goes through jackson, the
     * next ones with the same attrs through the hand decoder, decoded the same; new attrs go through jackson again.
     */
    @Test
    void linesOfKnownAttrs_decodeByHand_asJacksonDoes() throws IOException {
        String a = "\"attrs\":{\"A\":\"1\",\"L\":\"a\\u003cb \\\"q\\\"\"},";
        String b = "\"attrs\":{\"A\":\"2\"},";
        String[] lines = {
            "{\"log\":\"one\\n\",\"stream\":\"stdout\"," + a + "\"time\":\"" + TIME + "\"}",
            "{\"log\":\"two \\\"x\\\"\\n\",\"stream\":\"stdout\"," + a + "\"time\":\"" + TIME + "\"}",
            "{\"log\":\"three\\n\",\"stream\":\"stderr\"," + a + "\"time\":\"" + TIME + "\"}",
            "{\"log\":\"\",\"stream\":\"stdout\"," + a + "\"time\":\"" + TIME + "\"}",
            "{\"log\":\"four\\n\",\"stream\":\"stdout\"," + b + "\"time\":\"" + TIME + "\"}",
            "{\"log\":\"five\\n\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}",
        };
        boolean[] byHand = {false, true, true, true, false, true};
        LogLine line = new LogLine();
        for (int i = 0; i < lines.length; i++) {
            byte[] raw = utf8(lines[i]);
            LogLine probe = new LogLine();
            if (line.knownTail(false) != null) {
                probe.knownAttrs(line.knownAttrs());
            }
            assertEquals(byHand[i], JsonFileFormat.decodeFast(raw, 0, raw.length, probe), lines[i]);
            assertTrue(JsonFileFormat.decode(raw, 0, raw.length, line), lines[i]);
            LogEntry slow = JsonFileFormat.parse(raw).orElseThrow();
            LogEntry e = line.toEntry();
            assertArrayEquals(slow.log(), e.log(), lines[i]);
            assertEquals(slow.stderr(), e.stderr(), lines[i]);
            assertEquals(slow.time(), e.time(), lines[i]);
            assertEquals(slow.attrs(), e.attrs(), lines[i]);
        }
        assertEquals(Map.of("A", "1", "L", "a<b \"q\""), JsonFileFormat.parse(utf8(lines[0])).orElseThrow().attrs());
    }

    @Test
    void otherShapes_goThroughJackson() throws IOException {
        String[] lines = {
            "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"attrs\":{\"a\":\"1\"},\"time\":\"" + TIME + "\"}",
            "{\"stream\":\"stderr\",\"log\":\"x\\n\",\"time\":\"" + TIME + "\"}",
            "{ \"log\" : \"x\\n\", \"stream\" : \"stdout\", \"time\" : \"" + TIME + "\" }",
            "{\"log\":\"x\\n\",\"stream\":\"stdout\"}",
            "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T03:03:04.5+01:00\"}",
            "{\"log\":\"x\\n\",\"stream\":\"other\",\"time\":\"" + TIME + "\"}",
            "{\"log\":\"lone \\ud800 surrogate\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}",
            "{\"log\":\"x\",\"extra\":\"\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}",
            "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}trailing",
            "{\"log\":\"bad \\x escape\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}",
            "{\"log\":\"raw\tcontrol\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}",
            "{\"log\":\"cut \\\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}",
            "{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"not a time\"}",
            "{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"\"}",
            "not json", "{}", "[1]",
        };
        for (String s : lines) {
            byte[] b = utf8(s);
            Optional<LogEntry> slow = JsonFileFormat.parse(b);
            LogLine line = new LogLine();
            boolean got = JsonFileFormat.decode(b, 0, b.length, line);
            assertEquals(slow.isPresent(), got, s);
            if (got) {
                LogEntry e = line.toEntry();
                assertArrayEquals(slow.get().log(), e.log(), s);
                assertEquals(slow.get().stderr(), e.stderr(), s);
                assertEquals(slow.get().time(), e.time(), s);
                assertEquals(slow.get().attrs(), e.attrs(), s);
            }
        }
        LogLine line = new LogLine();
        byte[] attrs = utf8(lines[0]);
        assertFalse(JsonFileFormat.decodeFast(attrs, 0, attrs.length, line));
        assertTrue(JsonFileFormat.decode(attrs, 0, attrs.length, line));
        assertEquals(Map.of("a", "1"), line.attrs());
    }

    @Test
    void aLineAfterAFallback_hasItsOwnTimeAndNoAttrs() throws IOException {
        LogLine line = new LogLine();
        byte[] a = utf8("{\"log\":\"x\\n\",\"stream\":\"stdout\",\"attrs\":{\"a\":\"1\"},\"time\":\"" + TIME + "\"}");
        byte[] b = utf8("{\"log\":\"y\\n\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}");
        byte[] c = utf8("{\"log\":\"z\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T02:03:05Z\"}");
        assertTrue(JsonFileFormat.decode(a, 0, a.length, line));
        assertTrue(JsonFileFormat.decode(b, 0, b.length, line));
        assertEquals(Map.of(), line.attrs());
        assertEquals(java.time.Instant.parse(TIME), line.toEntry().time());
        assertTrue(JsonFileFormat.decode(c, 0, c.length, line));
        assertEquals(java.time.Instant.parse("2026-11-28T02:03:05Z"), line.toEntry().time());
    }
}
