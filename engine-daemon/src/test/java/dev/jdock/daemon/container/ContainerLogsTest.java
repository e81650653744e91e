package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.logging.LogFileReader;
import dev.jdock.daemon.logging.LogLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response body of a logs request as built from the records: frames, prefixes, filters, buffer edges. */
class ContainerLogsTest {
    @TempDir
    Path dir;

    private static final String T1 = "2026-11-28T02:03:04.5Z";
    private static final String T2 = "2026-11-28T02:03:05.000000001Z";

    private static String line(String log, String stream, String time) {
        return "{\"log\":\"" + log + "\",\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"}\n";
    }

    /** What Frames writes for the log, and how many writes reached the stream. */
    private List<byte[]> body(String content, ContainerLogs.Options o, boolean tty) throws IOException {
        Path log = dir.resolve("c-json.log");
        Files.writeString(log, content, StandardCharsets.UTF_8);
        List<byte[]> writes = new ArrayList<>();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
        ContainerLogs.Frames frames = new ContainerLogs.Frames(sink, tty, o);
        try (LogFileReader r = new LogFileReader(log)) {
            LogLine l = new LogLine();
            while (r.next(l)) {
                frames.emit(l);
            }
        }
        frames.flush();
        return writes;
    }

    private static byte[] joined(List<byte[]> writes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writes.forEach(b::writeBytes);
        return b.toByteArray();
    }

    private static byte[] frame(int stream, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) stream, 0, 0, 0, (byte) (p.length >>> 24), (byte) (p.length >>> 16),
            (byte) (p.length >>> 8), (byte) p.length});
        b.writeBytes(p);
        return b.toByteArray();
    }

    private static ContainerLogs.Options opts(boolean stdout, boolean stderr, boolean timestamps, Instant since,
            Instant until, boolean details) {
        return new ContainerLogs.Options(stdout, stderr, false, -1, timestamps, Optional.ofNullable(since),
                Optional.ofNullable(until), details, false);
    }

    private static ContainerLogs.Options packed(boolean timestamps) {
        return new ContainerLogs.Options(true, true, false, -1, timestamps, Optional.empty(), Optional.empty(), false,
                true);
    }

    /** Each frame's stream and payload in order, as a demultiplexing client reads them. */
    private static List<String> frames(byte[] body) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < body.length;) {
            int n = (body[i + 4] & 0xff) << 24 | (body[i + 5] & 0xff) << 16 | (body[i + 6] & 0xff) << 8
                    | (body[i + 7] & 0xff);
            out.add(body[i] + ":" + new String(body, i + 8, n, StandardCharsets.UTF_8));
            i += 8 + n;
        }
        return out;
    }

    /** The frames' payloads joined per run of one stream: what a client writing each to its stream shows. */
    private static List<String> demuxed(byte[] body) {
        List<String> out = new ArrayList<>();
        for (String f : frames(body)) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).charAt(0) == f.charAt(0)) {
                out.set(last, out.get(last) + f.substring(2));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void packed_runsOfOneStreamShareAFrame_theDemultiplexedBytesUnchanged() throws IOException {
        String content = line("a\\n", "stdout", T1) + line("b\\n", "stdout", T1) + line("c\\n", "stderr", T2)
                + line("d\\n", "stdout", T2) + line("e\\n", "stdout", T2);
        for (boolean ts : new boolean[] {false, true}) {
            byte[] plain = joined(body(content, opts(true, true, ts, null, null, false), false));
            byte[] packed = joined(body(content, packed(ts), false));
            assertEquals(5, frames(plain).size(), "one frame per record without packing");
            assertEquals(3, frames(packed).size(), "runs a+b, c, d+e");
            assertEquals(demuxed(plain), demuxed(packed));
            assertEquals(demuxed(plain), frames(packed));
        }
    }

    @Test
    void packed_aroundAndBeyondTheBuffer_demultiplexesAsUnpacked() throws IOException {
        StringBuilder content = new StringBuilder();
        int[] sizes = {10, 20, ContainerLogs.Frames.SIZE - 8 - 30 - 8 - 2, 5, 3, ContainerLogs.Frames.SIZE * 3, 7,
            ContainerLogs.Frames.SIZE - 8, 1, 1};
        String[] streams = {"stdout", "stdout", "stdout", "stdout", "stderr", "stderr", "stderr", "stdout",
            "stdout", "stdout"};
        for (int i = 0; i < sizes.length; i++) {
            content.append(line(String.valueOf((char) ('a' + i)).repeat(sizes[i] - 1) + "\\n", streams[i], T1));
        }
        String text = content.toString();
        List<byte[]> writes = body(text, packed(false), false);
        byte[] packedBody = joined(writes);
        assertEquals(demuxed(joined(body(text, opts(true, true, false, null, null, false), false))),
                demuxed(packedBody));
        assertTrue(frames(packedBody).size() < sizes.length, "some records shared a frame");
        assertTrue(writes.stream().allMatch(w -> w.length <= ContainerLogs.Frames.SIZE * 3),
                "a record beyond the buffer goes out on its own, never more");
    }

    /** dockerd 20.10's --details for attrs {A: "x=y", L: "a b&<>\"=,%é", M: ""}: Go's url.QueryEscape, keys sorted. */
    @Test
    void details_areGoQueryEscaped_inGoKeyOrder() {
        assertEquals("A=x%3Dy,L=a+b%26%3C%3E%22%3D%2C%25%C3%A9,M=",
                ContainerLogs.attrs(Map.of("M", "", "L", "a b&<>\"=,%é", "A", "x=y")));
        assertEquals("k=~-_.%2A%2F%3A,%EF%BC%A1=1,%F0%9F%98%80=2",
                ContainerLogs.attrs(Map.of("k", "~-_.*/:", "😀", "2", "Ａ", "1")));
        assertEquals("", ContainerLogs.attrs(Map.of()));
    }

    @Test
    void packed_neverForATty() throws IOException {
        String content = line("a\\n", "stdout", T1) + line("b\\n", "stdout", T1);
        assertArrayEquals("a\nb\n".getBytes(StandardCharsets.UTF_8), joined(body(content, packed(false), true)));
    }

    @Test
    void framesWithTimestampsAndDetails_asMobyBuildsThem() throws IOException {
        String content = line("out\\n", "stdout", T1) + line("err", "stderr", T2)
                + "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"attrs\":{\"b\":\"2 3\",\"a\":\"&\"},\"time\":\"" + T2
                + "\"}\n";
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(frame(1, "2026-11-28T02:03:04.500000000Z  out\n"));
        want.writeBytes(frame(2, "2026-11-28T02:03:05.000000001Z  err"));
        want.writeBytes(frame(1, "2026-11-28T02:03:05.000000001Z a=%26,b=2+3 x\n"));
        List<byte[]> writes = body(content, opts(true, true, true, null, null, true), false);
        assertArrayEquals(want.toByteArray(), joined(writes));
        assertEquals(1, writes.size(), "one write for what fits the buffer");

        assertArrayEquals(frame(1, "out\n"), joined(body(content.substring(0, content.indexOf('\n') + 1),
                opts(true, true, false, null, null, false), false)));
        assertArrayEquals("out\nerr".getBytes(StandardCharsets.UTF_8),
                joined(body(line("out\\n", "stdout", T1) + line("err", "stderr", T2),
                        opts(true, true, false, null, null, false), true)));
    }

    @Test
    void streamAndTimeFilters() throws IOException {
        String content = line("1\\n", "stdout", T1) + line("2\\n", "stderr", T1) + line("3\\n", "stdout", T2);
        assertArrayEquals(frame(2, "2\n"), joined(body(content, opts(false, true, false, null, null, false), false)));
        Instant t2 = Instant.parse(T2);
        assertArrayEquals(frame(1, "3\n"), joined(body(content, opts(true, true, false, t2, null, false), false)));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(frame(1, "1\n"));
        want.writeBytes(frame(2, "2\n"));
        assertArrayEquals(want.toByteArray(), joined(body(content,
                opts(true, true, false, null, t2.minusNanos(1), false), false)));
    }

    @Test
    void recordsAroundAndBeyondTheBuffer_comeOutWholeAndInOrder() throws IOException {
        StringBuilder content = new StringBuilder();
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        int[] sizes = {10, ContainerLogs.Frames.SIZE - 8 - 10 - 8 - 1, 5, ContainerLogs.Frames.SIZE * 3, 7,
            ContainerLogs.Frames.SIZE - 8, 1};
        for (int i = 0; i < sizes.length; i++) {
            String text = String.valueOf((char) ('a' + i)).repeat(sizes[i] - 1);
            content.append(line(text + "\\n", i % 2 == 0 ? "stdout" : "stderr", T1));
            want.writeBytes(frame(i % 2 == 0 ? 1 : 2, text + "\n"));
        }
        List<byte[]> writes = body(content.toString(), opts(true, true, false, null, null, false), false);
        assertArrayEquals(want.toByteArray(), joined(writes));
        assertTrue(writes.stream().allMatch(w -> w.length <= ContainerLogs.Frames.SIZE * 3),
                "a record beyond the buffer goes out on its own, never more");
    }
}
