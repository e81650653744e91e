package dev.jdock.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.cli.core.CliException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonStreamSplitterTest {

    /** Hands out the given chunks one read at a time (as a socket would); reading past the last one fails the test. */
    private static final class Chunks extends InputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        private final boolean endAfter;
        private boolean closed;

        Chunks(boolean endAfter, String... parts) {
            this.endAfter = endAfter;
            for (String p : parts) {
                chunks.add(p.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (chunks.isEmpty()) {
                if (endAfter) {
                    return -1;
                }
                throw new AssertionError("read past the data the test sent (a live stream would block here)");
            }
            byte[] c = chunks.peek();
            int n = Math.min(len, c.length);
            System.arraycopy(c, 0, b, off, n);
            chunks.pop();
            if (n < c.length) {
                byte[] rest = new byte[c.length - n];
                System.arraycopy(c, n, rest, 0, rest.length);
                chunks.push(rest);
            }
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<Object> all(JsonStreamSplitter s) throws IOException {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = s.next()) != null) {
            out.add(o);
        }
        return out;
    }

    private static JsonStreamSplitter of(String text) {
        return new JsonStreamSplitter(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void next_objectsSplitAcrossReads_eachWhole() throws IOException {
        JsonStreamSplitter s = new JsonStreamSplitter(new Chunks(true, "{\"a\":", "1}{\"b\"", ":[1,", "2]}", "\n"));
        assertEquals(List.of(Map.of("a", 1L), Map.of("b", List.of(1L, 2L))), all(s));
    }

    @Test
    void next_oneByteReads() throws IOException {
        String text = "{\"status\":\"x\",\"id\":\"a1\"}\r\n{\"aux\":{\"Tag\":\"v1\"}}\r\n";
        String[] bytes = text.split("");
        JsonStreamSplitter s = new JsonStreamSplitter(new Chunks(true, bytes));
        assertEquals(List.of(Map.of("status", "x", "id", "a1"), Map.of("aux", Map.of("Tag", "v1"))), all(s));
    }

    @Test
    void next_whitespaceAndNewlinesBetweenObjects_andNoneBetween() throws IOException {
        assertEquals(List.of(Map.of(), Map.of("a", true), List.of(), Map.of("b", "c")),
                all(of(" \n\t{}\r\n\n  {\"a\" : true}[]{\"b\":\"c\"}  \n")));
    }

    @Test
    void next_emptyOrBlankStream_isTheEnd() throws IOException {
        assertNull(of("").next());
        JsonStreamSplitter blank = of(" \r\n\t ");
        assertNull(blank.next());
        assertNull(blank.next());
    }

    @Test
    void next_bracesAndEscapedQuotesInStrings_doNotEndTheObject() throws IOException {
        String tricky = "{\"s\":\"}{]\\\"}\",\"t\":\"\\\\\",\"u\":\"\\\\\\\"{\"}{\"v\":\"\\u007b\"}";
        List<Object> got = all(new JsonStreamSplitter(new Chunks(true, tricky.split("(?<=\\\\)"))));
        assertEquals(List.of(Map.of("s", "}{]\"}", "t", "\\", "u", "\\\"{"), Map.of("v", "{")), got);
    }

    @Test
    void next_returnsAnObjectWithoutReadingFurther() throws IOException {
        // a live events stream: the first object must come out before the daemon sends anything else
        JsonStreamSplitter s = new JsonStreamSplitter(new Chunks(false, "{\"Type\":\"container\"}\n"));
        assertEquals(Map.of("Type", "container"), s.next());
    }

    @Test
    void next_objectLargerThanTheReadBuffer() throws IOException {
        String big = "x".repeat(100_000);
        List<Object> got = all(of("{\"a\":\"" + big + "\"}\n{\"b\":1}"));
        assertEquals(List.of(Map.of("a", big), Map.of("b", 1L)), got);
    }

    @Test
    void next_objectOverTheLimit_isACliException_andOneAtTheLimitPasses() throws IOException {
        String atLimit = "{\"a\":\"" + "x".repeat(56) + "\"}"; // 64 bytes
        assertEquals(64, atLimit.length());
        JsonStreamSplitter ok = new JsonStreamSplitter(new ByteArrayInputStream(
                (atLimit + atLimit).getBytes(StandardCharsets.UTF_8)), 64);
        assertEquals(2, all(ok).size());
        JsonStreamSplitter over = new JsonStreamSplitter(new ByteArrayInputStream(
                ("{\"a\":\"" + "x".repeat(57) + "\"}").getBytes(StandardCharsets.UTF_8)), 64);
        CliException e = assertThrows(CliException.class, over::next);
        assertEquals("invalid JSON stream: an object of more than 64 bytes (the limit of one message)",
                e.getMessage());
    }

    @Test
    void next_anEndlessObject_stopsAtTheLimit() {
        InputStream endless = new InputStream() {
            private boolean first = true;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                if (first) {
                    b[off] = '[';
                    first = false;
                }
                return len;
            }
        };
        assertThrows(CliException.class, () -> new JsonStreamSplitter(endless, 1 << 20).next());
    }

    @Test
    void next_truncatedStream_isAnIOException() throws IOException {
        JsonStreamSplitter s = of("{\"a\":1}\n{\"b\":\"open");
        assertEquals(Map.of("a", 1L), s.next());
        IOException e = assertThrows(IOException.class, s::next);
        assertTrue(e.getMessage().contains("ended inside an object"), e.getMessage());
    }

    @Test
    void next_malformed_isAnIOException() {
        JsonStreamSplitter s = of("{} x");
        IOException between = assertThrows(IOException.class, () -> {
            s.next();
            s.next();
        });
        assertTrue(between.getMessage().contains("unexpected character 'x'"), between.getMessage());
        IOException inside = assertThrows(IOException.class, () -> of("{\"a\" 1}").next());
        assertTrue(inside.getMessage().startsWith("invalid JSON"), inside.getMessage());
    }

    @Test
    void close_closesTheStream() throws IOException {
        Chunks in = new Chunks(true);
        new JsonStreamSplitter(in).close();
        assertTrue(in.closed);
    }
}
