package dev.jdock.api.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parse_dockerSyntax() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse("ctrl-p,ctrl-q"));
        assertArrayEquals(new byte[] {0, 'a', 27, 31, 127}, DetachKeys.parse("ctrl-@,a,ctrl-[,ctrl-_,DEL"));
        assertArrayEquals(new byte[] {26, 'x'}, DetachKeys.parse("ctrl-Z,x"));
        assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ctrl-zz"));
        assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ab"));
        assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("a,,b"));
    }

    @Test
    void emptySpec_isDockersDefault() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.of("").keys());
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.of(null).keys());
    }

    @Test
    void feed_plainBytesPassThrough() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertFalse(DetachKeys.of(null).feed(b("ls -l\r"), 0, 6, out));
        assertEquals("ls -l\r", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void feed_sequenceDetachesAndIsNeverForwarded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = b("ab\u0010\u0011cd");
        assertTrue(DetachKeys.of(null).feed(in, 0, in.length, out));
        assertEquals("ab", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void feed_sequenceSplitAcrossReads() throws IOException {
        DetachKeys k = DetachKeys.of(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertFalse(k.feed(b("x\u0010"), 0, 2, out));
        assertEquals(1, k.pending());
        assertEquals("x", out.toString(StandardCharsets.ISO_8859_1));
        assertTrue(k.feed(b("\u0011"), 0, 1, out));
        assertEquals("x", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void feed_brokenSequenceReleasesHeldBytes() throws IOException {
        DetachKeys k = DetachKeys.of(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertFalse(k.feed(b("\u0010"), 0, 1, out));
        assertEquals(0, out.size());
        assertFalse(k.feed(b("z\u0010\u0010"), 0, 3, out));
        // ctrl-p released by "z"; the second ctrl-p is released by the third, which starts a new sequence
        assertEquals("\u0010z\u0010", out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(1, k.pending());
        assertTrue(k.feed(b("\u0011"), 0, 1, out));
    }
}
