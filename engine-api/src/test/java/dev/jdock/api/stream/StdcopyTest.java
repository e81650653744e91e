package dev.jdock.api.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdcopyTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns at most one byte per read, so every frame is split. */
    private static InputStream trickle(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    @Test
    void headerMatchesTheTracedBytes() {
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 3}, StdcopyFrame.header(1, 3));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 1, 0}, StdcopyFrame.header(2, 256));
    }

    @Test
    void demultiplexesFramesSplitAcrossReads() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(new StdcopyFrame(1, bytes("out\n")).encode());
        wire.write(new StdcopyFrame(2, bytes("err\n")).encode());
        wire.write(new StdcopyFrame(1, new byte[0]).encode());
        wire.write(new StdcopyFrame(1, bytes("/tmp\n")).encode());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        new StdcopyReader(trickle(wire.toByteArray())).copyTo(out, err);
        assertEquals("out\n/tmp\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("err\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void systemErrorEndsTheCopyWithItsMessage() {
        byte[] wire = new StdcopyFrame(3, bytes("boom\n")).encode();
        IOException e = assertThrows(IOException.class,
                () -> new StdcopyReader(new ByteArrayInputStream(wire)).copyTo(OutputStreamsHolder.NULL, OutputStreamsHolder.NULL));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void cleanEofAndTruncation() throws IOException {
        assertNull(new StdcopyReader(new ByteArrayInputStream(new byte[0])).next());
        byte[] partial = {1, 0, 0, 0, 0, 0, 0, 5, 'a'};
        assertThrows(EOFException.class, () -> new StdcopyReader(new ByteArrayInputStream(partial)).next());
    }

    /** Buffered stdout and stderr on one terminal: each switch of stream flushes, so the order stays. */
    @Test
    void bufferedOutputsOnOneSink_keepTheContainersOrder_andLargeFramesArriveWhole() throws IOException {
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(new StdcopyFrame(1, bytes("a\n")).encode());
        wire.write(new StdcopyFrame(2, bytes("b\n")).encode());
        wire.write(new StdcopyFrame(1, bytes("c\n")).encode());
        wire.write(new StdcopyFrame(1, big).encode());
        wire.write(new StdcopyFrame(2, bytes("d\n")).encode());
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        new StdcopyReader(new ByteArrayInputStream(wire.toByteArray())).copyTo(
                new java.io.BufferedOutputStream(tty, 1024), new java.io.BufferedOutputStream(tty, 1024));
        assertEquals("a\nb\nc\n" + "x".repeat(big.length) + "d\n", tty.toString(StandardCharsets.UTF_8));
    }

    /** A reader that has caught up (nothing buffered) flushes each frame: {@code logs -f} shows lines at once. */
    @Test
    void aCaughtUpReader_flushesEachFrame() throws IOException {
        byte[] wire = new StdcopyFrame(1, bytes("live\n")).encode();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(seen, 1024);
        InputStream blocking = new ByteArrayInputStream(wire) {
            private boolean sent;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (sent && available() == 0) {
                    // the copy must have flushed before it waits for more
                    assertEquals("live\n", seen.toString(StandardCharsets.UTF_8));
                }
                sent = true;
                return super.read(b, off, len);
            }
        };
        new StdcopyReader(blocking).copyTo(out, OutputStreamsHolder.NULL);
        assertEquals("live\n", seen.toString(StandardCharsets.UTF_8));
    }

    private static final class OutputStreamsHolder {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }
}
