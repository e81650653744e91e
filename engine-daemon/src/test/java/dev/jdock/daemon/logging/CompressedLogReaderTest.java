package dev.jdock.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and following a json-file log whose rotated generations are gzip-compressed (compress=true). */
class CompressedLogReaderTest {
    @TempDir
    Path dir;

    private static String line(int i) {
        return "{\"log\":\"line " + i + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:00."
                + String.format("%09d", i) + "Z\"}\n";
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(line(i));
        }
        return sb.toString();
    }

    private static void append(Path f, String s) throws IOException {
        Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int number(LogEntry e) {
        return Integer.parseInt(new String(e.log(), StandardCharsets.UTF_8).trim().substring(5));
    }

    private static Path gen(Path log, int i, String ext) {
        return log.resolveSibling(log.getFileName() + "." + i + ext);
    }

    /**
     * Compresses {@code src} to {@code dst} as the monitor does: gzip with the source's identity in the header's
     * extra field, written to {@code dst.tmp}, renamed, then the source removed.
     */
    static void gzipLikeMonitor(Path src, Path dst) throws IOException {
        LogFileSet.FileId id = LogFileSet.plainId(src);
        byte[] data = Files.readAllBytes(src);
        byte[] extra = ("{\"lastTime\":\"2026-01-01T00:00:00Z\",\"jdockSource\":\"" + id.dev() + ":" + id.ino()
                + "\"}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, 3});
        out.write(extra.length & 0xff);
        out.write(extra.length >> 8);
        out.write(extra);
        try (DeflaterOutputStream d = new DeflaterOutputStream(nonClosing(out), new Deflater(6, true))) {
            d.write(data);
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeLe(out, (int) crc.getValue());
        writeLe(out, data.length);
        Path tmp = dst.resolveSibling(dst.getFileName() + ".tmp");
        Files.write(tmp, out.toByteArray());
        Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(src);
    }

    private static OutputStream nonClosing(OutputStream o) {
        return new java.io.FilterOutputStream(o) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void writeLe(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >> (8 * i) & 0xff);
        }
    }

    /** The monitor's rotation with compress=true, minus the compression of log.1 (done after it). */
    static void rotate(Path log, int maxFile) throws IOException {
        Files.deleteIfExists(gen(log, maxFile - 1, ""));
        Files.deleteIfExists(gen(log, maxFile - 1, ".gz"));
        for (int i = maxFile - 1; i >= 2; i--) {
            for (String ext : List.of(".gz", "")) {
                if (Files.exists(gen(log, i - 1, ext))) {
                    Files.move(gen(log, i - 1, ext), gen(log, i, ext), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        Files.move(log, gen(log, 1, ""), StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(log);
    }

    private static List<Integer> all(LogFileReader r, long tail) throws IOException {
        return LogReads.read(r, tail).stream().map(CompressedLogReaderTest::number).toList();
    }

    @Test
    void readsCompressedGenerationsInOrderWithTheLiveFile() throws IOException {
        Path log = dir.resolve("c-json.log");
        for (int g = 0; g < 4; g++) { // four rotations of two lines each, then two live lines
            append(log, lines(2 * g, 2 * g + 2));
            rotate(log, 4);
            gzipLikeMonitor(gen(log, 1, ""), gen(log, 1, ".gz"));
        }
        append(log, lines(8, 10));
        assertFalse(Files.exists(gen(log, 4, ".gz")));
        assertTrue(Files.exists(gen(log, 3, ".gz")));
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9), all(r, -1));
        }
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(List.of(7, 8, 9), all(r, 3));
        }
    }

    @Test
    void plainAndCompressedFormOfOneGenerationAreReadOnce() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(log, lines(0, 3));
        rotate(log, 3);
        Files.copy(gen(log, 1, ""), dir.resolve("keep"));
        gzipLikeMonitor(gen(log, 1, ""), gen(log, 1, ".gz"));
        // the moment between the compressed file's rename and the plain one's removal: same identity, both there
        Files.move(dir.resolve("keep"), gen(log, 1, ""));
        append(log, lines(3, 5));
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(List.of(0, 1, 2, 3, 4), all(r, -1));
        }
    }

    @Test
    void readerOnAFileThatGetsCompressedFindsTheNextOne() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(log, lines(0, 3));
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(0, number(r.next().orElseThrow()));
            rotate(log, 3);
            append(log, lines(3, 5));
            gzipLikeMonitor(gen(log, 1, ""), gen(log, 1, ".gz"));
            List<Integer> rest = new ArrayList<>();
            Optional<LogEntry> e;
            while ((e = r.next()).isPresent()) {
                rest.add(number(e.get()));
            }
            assertEquals(List.of(1, 2, 3, 4), rest);
        }
    }

    /**
     * A writer that rotates and compresses (on a second thread, as the monitor's compressor) while the reader
     * follows. Paced by a handshake, not by time: before a rotation, which deletes the oldest generation, the writer
     * waits until the reader has read everything older than the live file. Every line must come out once, in order.
     */
    @Test
    void followingWhileFilesRotateAndGetCompressedSeesEveryLineOnce() throws Exception {
        Path log = dir.resolve("c-json.log");
        int total = 2000;
        AtomicInteger read = new AtomicInteger(-1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                writeRotatingCompressing(log, total, read);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        List<Integer> seen = new ArrayList<>();
        try (LogFileReader r = new LogFileReader(log)) {
            writer.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (seen.size() < total && System.nanoTime() < deadline) {
                Optional<LogEntry> e = r.next();
                if (e.isPresent()) {
                    seen.add(number(e.get()));
                    read.set(seen.get(seen.size() - 1));
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        writer.join();
        assertNull(failed.get());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, (int) seen.get(i), "missing or repeated line at " + i);
        }
        assertEquals(total, seen.size());
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".gz")));
        }
    }

    private static void writeRotatingCompressing(Path log, int total, AtomicInteger read) throws Exception {
        long size = 0;
        int liveStart = 0;
        Thread compressor = null;
        for (int i = 0; i < total; i++) {
            if (size >= 1024) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (read.get() < liveStart - 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (compressor != null) {
                    compressor.join(); // as the monitor: the next rotation waits for the last compression
                }
                rotate(log, 4);
                AtomicReference<Throwable> err = new AtomicReference<>();
                compressor = new Thread(() -> {
                    try {
                        gzipLikeMonitor(gen(log, 1, ""), gen(log, 1, ".gz"));
                    } catch (IOException e) {
                        err.set(e);
                    }
                });
                compressor.start();
                size = 0;
                liveStart = i;
            }
            String l = line(i);
            append(log, l);
            size += l.length();
        }
        if (compressor != null) {
            compressor.join();
        }
    }
}
