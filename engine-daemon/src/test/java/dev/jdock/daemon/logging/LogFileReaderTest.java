package dev.jdock.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileReaderTest {
    @TempDir
    Path dir;

    private static String line(int i) {
        return "{\"log\":\"line " + i + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:00."
                + String.format("%09d", i) + "Z\"}\n";
    }

    private static void append(Path f, String s) throws IOException {
        Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String text(LogEntry e) {
        return new String(e.log(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void readsRotatedGenerationsOldestFirst() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(dir.resolve("c-json.log.2"), line(1) + line(2));
        append(dir.resolve("c-json.log.1"), line(3));
        append(log, line(4) + line(5));
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(List.of("line 1", "line 2", "line 3", "line 4", "line 5"),
                    LogReads.read(r, -1).stream().map(LogFileReaderTest::text).toList());
        }
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(List.of("line 4", "line 5"),
                    LogReads.read(r, 2).stream().map(LogFileReaderTest::text).toList());
        }
    }

    @Test
    void skipToLast_countsPerGeneration_andCutsInsideOne() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(dir.resolve("c-json.log.2"), line(1) + line(2) + "not json\n" + line(3));
        append(dir.resolve("c-json.log.1"), line(4));
        append(log, line(5) + line(6));
        for (int n = 0; n <= 8; n++) {
            try (LogFileReader r = new LogFileReader(log)) {
                // tail counts lines as they are in the files (dockerd's too): the damaged one counts
                List<String> lines = List.of("line 1", "line 2", "", "line 3", "line 4", "line 5", "line 6");
                List<String> want = lines.subList(Math.max(0, lines.size() - n), lines.size()).stream()
                        .filter(l -> !l.isEmpty()).toList();
                assertEquals(want, LogReads.read(r, n).stream().map(LogFileReaderTest::text).toList(), "tail " + n);
                append(log, line(7)); // then follows on
                assertEquals("line 7", text(r.next().orElseThrow()));
            }
            Files.writeString(log, line(5) + line(6));
        }
    }

    @Test
    void stopAtCurrentEnd_readsNothingWrittenLater_evenAcrossARotation() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(dir.resolve("c-json.log.1"), line(1));
        append(log, line(2) + line(3).substring(0, 20));
        try (LogFileReader r = new LogFileReader(log)) {
            r.stopAtCurrentEnd();
            assertEquals("line 1", text(r.next().orElseThrow()));
            append(log, line(3).substring(20) + line(4));
            Files.move(dir.resolve("c-json.log.1"), dir.resolve("c-json.log.2"));
            Files.move(log, dir.resolve("c-json.log.1"));
            append(log, line(5));
            assertEquals("line 2", text(r.next().orElseThrow()));
            assertTrue(r.next().isEmpty(), "the half-written line 3 and what came after the request are not read");
            assertTrue(r.next().isEmpty());
        }
        try (LogFileReader r = new LogFileReader(log)) {
            r.stopAtCurrentEnd();
            r.skipToLast(2);
            append(log, line(6));
            assertEquals(List.of("line 4", "line 5"), LogReads.read(r, -1).stream().map(LogFileReaderTest::text)
                    .toList());
        }
    }

    @Test
    void stopAt_anEndTakenEarlier_readsNothingWrittenAfterIt_evenWhenOpenedLater() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(log, line(1));
        LogFileReader.End before = LogFileReader.endOf(log); // an attach registered: the live stream begins here
        LogFileReader.End none = LogFileReader.endOf(dir.resolve("other-json.log"));
        append(log, line(2)); // the container started and printed: the live stream has it
        try (LogFileReader r = new LogFileReader(log)) {
            r.stopAt(before);
            assertEquals(List.of("line 1"), LogReads.read(r, -1).stream().map(LogFileReaderTest::text).toList());
        }
        Files.move(log, dir.resolve("c-json.log.1"));
        append(log, line(3));
        try (LogFileReader r = new LogFileReader(log)) {
            r.stopAt(before);
            assertEquals(List.of("line 1"), LogReads.read(r, -1).stream().map(LogFileReaderTest::text).toList(),
                    "the end is the file it was, also once rotated");
        }
        try (LogFileReader r = new LogFileReader(dir.resolve("other-json.log"))) {
            append(dir.resolve("other-json.log"), line(4));
            r.stopAt(none);
            assertTrue(r.next().isEmpty(), "no log then: nothing to replay");
        }
    }

    @Test
    void stopAtCurrentEnd_withoutAnyLog_readsNothing() throws IOException {
        try (LogFileReader r = new LogFileReader(dir.resolve("c-json.log"))) {
            r.stopAtCurrentEnd();
            append(dir.resolve("c-json.log"), line(1));
            assertTrue(r.next().isEmpty());
        }
    }

    @Test
    void aLineOverTheBound_isDroppedAndTheNextOneRead() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(log, "{\"log\":\"" + "x".repeat(LogFileReader.MAX_LINE + 10) + "\"}\n" + line(2));
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(List.of("line 2"), LogReads.read(r, -1).stream().map(LogFileReaderTest::text).toList());
        }
    }

    @Test
    void partialLastLineWaitsForItsNewline() throws IOException {
        Path log = dir.resolve("c-json.log");
        String l = line(1);
        append(log, l.substring(0, 10));
        try (LogFileReader r = new LogFileReader(log)) {
            assertTrue(r.next().isEmpty());
            append(log, l.substring(10));
            assertEquals("line 1", text(r.next().orElseThrow()));
        }
    }

    @Test
    void followsAcrossRotationAndTruncation() throws IOException {
        Path log = dir.resolve("c-json.log");
        append(log, line(1));
        try (LogFileReader r = new LogFileReader(log)) {
            assertEquals(1, LogReads.read(r, -1).size());
            append(log, line(2)); // written before the rename: must still be read from the old file
            Files.move(log, dir.resolve("c-json.log.1"));
            assertTrue(r.next().map(e -> text(e).equals("line 2")).orElse(false));
            assertTrue(r.next().isEmpty()); // live file not created yet
            append(log, line(3));
            assertEquals("line 3", text(r.next().orElseThrow()));
            append(log, line(4));
            assertEquals("line 4", text(r.next().orElseThrow()));
            Files.writeString(log, line(5)); // truncated in place (max-file=1): read again from the start
            assertEquals("line 5", text(r.next().orElseThrow()));
        }
    }

    @Test
    void attrsAreParsed() throws IOException {
        Optional<LogEntry> e = JsonFileFormat.parse(("{\"log\":\"x\",\"stream\":\"stderr\",\"attrs\":{\"b\":\"2\","
                + "\"a\":\"1\"},\"time\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("a", "1", "b", "2"), e.orElseThrow().attrs());
        assertTrue(e.get().stderr());
    }

    /** A writer that rotates as the monitor does (rename chain, new file) while a reader follows. */
    @Test
    void followingAConcurrentlyRotatingWriterMissesAndRepeatsNothing() throws Exception {
        Path log = dir.resolve("c-json.log");
        int total = 20_000;
        int maxFile = 3;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                writeRotating(log, total, 2048, maxFile);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        List<Integer> seen = new ArrayList<>();
        try (LogFileReader r = new LogFileReader(log)) {
            writer.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (seen.size() < total && System.nanoTime() < deadline) {
                Optional<LogEntry> e = r.next();
                if (e.isPresent()) {
                    seen.add(Integer.parseInt(text(e.get()).substring(5)));
                } else if (!writer.isAlive() && seen.size() < total) {
                    // writer done: whatever is left must be readable now
                    Optional<LogEntry> last = r.next();
                    if (last.isEmpty()) {
                        break;
                    }
                    seen.add(Integer.parseInt(text(last.get()).substring(5)));
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        writer.join();
        assertEquals(null, failed.get());
        // the reader keeps up only if it is never more than max-file-1 rotations behind; with a fast writer it
        // may fall behind, in which case the oldest lines are lost as with Docker, but never reordered or repeated
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "out of order or repeated at " + i + ": " + seen.get(i));
        }
        assertEquals(total - 1, (int) seen.get(seen.size() - 1));
    }

    /**
     * A writer that rotates while the reader follows the live file, paced only by a handshake (no timing): before a
     * rotation, which deletes the oldest generation, it waits until the reader has read everything older than the
     * live file. Rotations then happen at any point of the reader's progress through the live file, and every
     * line must come out exactly once, in order.
     */
    @Test
    void followingARotatingWriterSeesEveryLineOnce() throws Exception {
        Path log = dir.resolve("c-json.log");
        int total = 3000;
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger(-1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                long size = 0;
                int liveStart = 0;
                for (int i = 0; i < total; i++) {
                    if (size >= 1024) {
                        int mustHaveRead = liveStart - 1;
                        long deadline = System.nanoTime() + 20_000_000_000L;
                        while (read.get() < mustHaveRead && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                        rotate(log, 3);
                        size = 0;
                        liveStart = i;
                    }
                    String l = line(i);
                    append(log, l);
                    size += l.length();
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        List<Integer> seen = new ArrayList<>();
        try (LogFileReader r = new LogFileReader(log)) {
            writer.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (seen.size() < total && System.nanoTime() < deadline) {
                Optional<LogEntry> e = r.next();
                if (e.isPresent()) {
                    int v = Integer.parseInt(text(e.get()).substring(5));
                    seen.add(v);
                    read.set(v);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        writer.join();
        assertEquals(null, failed.get());
        assertEquals("", gaps(seen, total), "missing or repeated lines");
    }

    /** Describes where {@code seen} differs from 0..total-1 ("" when it does not). */
    private static String gaps(List<Integer> seen, int total) {
        StringBuilder sb = new StringBuilder();
        int expect = 0;
        for (int v : seen) {
            if (v != expect) {
                sb.append("expected ").append(expect).append(" got ").append(v).append("; ");
                if (sb.length() > 300) {
                    break;
                }
            }
            expect = v + 1;
        }
        if (expect != total) {
            sb.append("ended at ").append(expect).append(" of ").append(total);
        }
        return sb.toString();
    }

    private static void writeRotating(Path log, int total, int maxSize, int maxFile) throws IOException {
        long size = 0;
        for (int i = 0; i < total; i++) {
            if (size >= maxSize) {
                rotate(log, maxFile);
                size = 0;
            }
            String l = line(i);
            append(log, l);
            size += l.length();
        }
    }

    private static void rotate(Path log, int maxFile) throws IOException {
        for (int i = maxFile - 1; i >= 1; i--) {
            Path from = i == 1 ? log : log.resolveSibling(log.getFileName() + "." + (i - 1));
            Path to = log.resolveSibling(log.getFileName() + "." + i);
            if (Files.exists(from)) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
    /** A local-driver record as the monitor writes it (the C side is checked byte for byte in test_logfile.c). */
    private static byte[] record(String source, long nanos, String line, boolean partial) {
        java.io.ByteArrayOutputStream pb = new java.io.ByteArrayOutputStream();
        byte[] src = source.getBytes(StandardCharsets.UTF_8);
        pb.write(0x0a);
        varint(pb, src.length);
        pb.writeBytes(src);
        pb.write(0x10);
        varint(pb, nanos);
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        pb.write(0x1a);
        varint(pb, l.length);
        pb.writeBytes(l);
        if (partial) {
            pb.write(0x20);
            pb.write(1);
        }
        byte[] p = pb.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(p.length + 8);
        b.putInt(p.length).put(p).putInt(p.length);
        return b.array();
    }

    private static void varint(java.io.ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v | 0x80) & 0xff);
            v >>>= 7;
        }
        out.write((int) v);
    }

    @Test
    void localDriver_framedRecords_acrossGenerations_partialLines_andAHalfWrittenRecord() throws IOException {
        Path log = dir.resolve("local-logs").resolve("container.log");
        Files.createDirectories(log.getParent());
        long t = 1_795_831_384_123_456_789L;
        Files.write(log.resolveSibling("container.log.1"), record("stdout", t, "old", false));
        byte[] a = record("stderr", t + 1, "err line", false);
        byte[] b = record("stdout", t + 2, "no newline", true);
        byte[] c = record("stdout", t + 3, "last", false);
        java.io.ByteArrayOutputStream live = new java.io.ByteArrayOutputStream();
        live.writeBytes(a);
        live.writeBytes(b);
        live.write(c, 0, 7); // the monitor is still writing this one
        Files.write(log, live.toByteArray());
        try (LogFileReader r = new LogFileReader(log, true)) {
            java.util.Deque<LogEntry> all = LogReads.read(r, -1);
            assertEquals(3, all.size());
            LogEntry first = all.removeFirst();
            assertEquals("old\n", new String(first.log(), StandardCharsets.UTF_8));
            assertEquals("2026-11-28T02:03:04.123456789Z", first.rawTime());
            LogEntry second = all.removeFirst();
            assertTrue(second.stderr());
            assertEquals("err line\n", new String(second.log(), StandardCharsets.UTF_8));
            assertEquals("no newline", new String(all.removeFirst().log(), StandardCharsets.UTF_8));
            assertTrue(r.next().isEmpty(), "the half-written record waits");
            Files.write(log, java.util.Arrays.copyOfRange(c, 7, c.length), StandardOpenOption.APPEND);
            assertEquals("last\n", new String(r.next().orElseThrow().log(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Records of every size, from empty to several times the reader's buffer, both formats, each file written in
     * pieces that cut records anywhere: every record comes back whole, once, in order, through a reused LogLine.
     */
    @Test
    void recordsAcrossReadBuffers_andCutWrites_bothFormats() throws IOException {
        java.util.Random rnd = new java.util.Random(17);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int len = i % 50 == 7 ? 300_000 + rnd.nextInt(100_000) : rnd.nextInt(i % 3 == 0 ? 5_000 : 120);
            StringBuilder sb = new StringBuilder(i + ":");
            while (sb.length() < len) {
                sb.append((char) ('a' + rnd.nextInt(26))).append(i % 5 == 0 ? "\"é\t" : "");
            }
            texts.add(sb.toString());
        }
        for (boolean local : new boolean[] {false, true}) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < texts.size(); i++) {
                if (local) {
                    all.writeBytes(record(i % 4 == 0 ? "stderr" : "stdout", 1_000_000_000L * i, texts.get(i), false));
                } else {
                    all.writeBytes(JsonFileFormatTest.escapedLine(texts.get(i) + "\n", i % 4 == 0));
                }
            }
            byte[] bytes = all.toByteArray();
            Path log = dir.resolve(local ? "l.log" : "j.log");
            Files.write(log, new byte[0]);
            List<String> got = new ArrayList<>();
            List<Boolean> stderr = new ArrayList<>();
            LogLine line = new LogLine();
            try (LogFileReader r = new LogFileReader(log, local)) {
                for (int at = 0; at < bytes.length;) {
                    int n = Math.min(bytes.length - at, 1 + rnd.nextInt(200_000));
                    Files.write(log, java.util.Arrays.copyOfRange(bytes, at, at + n), StandardOpenOption.APPEND);
                    at += n;
                    while (r.next(line)) {
                        got.add(new String(line.text(), 0, line.length(), StandardCharsets.UTF_8));
                        stderr.add(line.stderr());
                    }
                }
            }
            assertEquals(texts.size(), got.size(), local ? "local" : "json-file");
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(texts.get(i) + "\n", got.get(i));
                assertEquals(i % 4 == 0, stderr.get(i));
            }
        }
    }

    /**
     * --tail N from the end of the newest generation, both formats, with older generations, a record still being
     * written at the end, and N from 0 to beyond the total: always the last N complete records, in order; once the
     * half-written one is complete it follows.
     */
    @Test
    void tail_fromTheEnd_bothFormats_withAHalfWrittenLastRecord() throws IOException {
        for (boolean local : new boolean[] {false, true}) {
            Path log = dir.resolve(local ? "tl.log" : "tj.log");
            List<byte[]> recs = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                String text = "r" + i + "x".repeat(i * 40_000 % 150_001); // some records span the read buffer
                recs.add(local ? record("stdout", i, text, false)
                        : JsonFileFormatTest.escapedLine(text + "\n", false));
            }
            Files.write(log.resolveSibling(log.getFileName() + ".1"), concat(recs.subList(0, 3)));
            byte[] last = recs.get(8);
            java.io.ByteArrayOutputStream live = new java.io.ByteArrayOutputStream();
            live.writeBytes(concat(recs.subList(3, 8)));
            Files.write(log, live.toByteArray()); // first all complete, then with the last one half written
            for (int n = 0; n <= 21; n++) {
                if (n == 11) {
                    Files.write(log, java.util.Arrays.copyOf(last, last.length / 2), StandardOpenOption.APPEND);
                }
                try (LogFileReader r = new LogFileReader(log, local)) {
                    List<String> got = LogReads.read(r, n % 11).stream().map(e -> text(e).split("x")[0]).toList();
                    List<String> want = new ArrayList<>();
                    for (int i = Math.max(0, 8 - n % 11); i < 8; i++) {
                        want.add("r" + i);
                    }
                    String what = (local ? "local" : "json-file") + " tail " + n % 11 + (n > 10 ? " (half)" : "");
                    assertEquals(want, got, what);
                }
            }
            try (LogFileReader r = new LogFileReader(log, local)) {
                assertEquals(List.of("r6", "r7"), LogReads.read(r, 2).stream().map(e -> text(e).split("x")[0])
                        .toList());
                Files.write(log, java.util.Arrays.copyOfRange(last, last.length / 2, last.length),
                        StandardOpenOption.APPEND);
                assertEquals("r8", text(r.next().orElseThrow()).split("x")[0]);
            }
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        parts.forEach(b::writeBytes);
        return b.toByteArray();
    }
}
