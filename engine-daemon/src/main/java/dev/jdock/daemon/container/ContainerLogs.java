package dev.jdock.daemon.container;

import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.logging.LogAttrs;
import dev.jdock.daemon.logging.LogFileReader;
import dev.jdock.daemon.logging.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /containers/{id}/logs}: the json-file log with its rotated generations, framed (no TTY) or raw (TTY),
 * optionally followed across rotations.
 */
final class ContainerLogs {
    private static final long FOLLOW_POLL_MS = 50;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * What the client asked for. {@code packed}: consecutive records of one stream may share one stdcopy frame, for a
     * client that copies frame payloads straight to its stdout and stderr (the docker CLI: one write per frame, so
     * one per line with a frame per record); others get one frame per record, as dockerd sends them. {@code upTo}:
     * where a read without follow ends (an attach's replay: where the log was when its live session began); empty,
     * where the log ends when the read begins.
     */
    record Options(boolean stdout, boolean stderr, boolean follow, long tail, boolean timestamps,
            Optional<Instant> since, Optional<Instant> until, boolean details, boolean packed,
            Optional<LogFileReader.End> upTo) {
        Options(boolean stdout, boolean stderr, boolean follow, long tail, boolean timestamps,
                Optional<Instant> since, Optional<Instant> until, boolean details, boolean packed) {
            this(stdout, stderr, follow, tail, timestamps, since, until, details, packed, Optional.empty());
        }

        Options(boolean stdout, boolean stderr, boolean follow, long tail, boolean timestamps,
                Optional<Instant> since, Optional<Instant> until) {
            this(stdout, stderr, follow, tail, timestamps, since, until, false, false);
        }
    }

    /** 501 as Docker for a driver that keeps nothing to read (call before the response stream starts). */
    static void checkReadable(Container c) {
        var lc = c.record().hostConfig() == null ? null : c.record().hostConfig().logConfig();
        if (lc != null && "none".equals(lc.type())) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "configured logging driver does not support reading");
        }
    }

    void write(Container c, Options o, OutputStream response, CompletableFuture<Void> clientGone)
            throws IOException {
        checkReadable(c);
        Frames out = new Frames(response, c.record().config().tty(), o);
        Path file = ContainerFiles.logPath(c);
        try (LogFileReader reader = new LogFileReader(file, "local".equals(ContainerFiles.logDriver(c)))) {
            long tail = o.tail();
            if (tail == 0 && !o.follow()) {
                return;
            }
            if (!o.follow()) {
                o.upTo().ifPresentOrElse(reader::stopAt, reader::stopAtCurrentEnd);
            }
            if (tail >= 0) {
                reader.skipToLast(tail);
            }
            LogLine line = new LogLine();
            while (!clientGone.isDone() && reader.next(line)) {
                out.emit(line); // a full buffer is written out, and that write waits for a slow reader
            }
            out.flush();
            if (!o.follow() || o.until().isPresent() && !o.until().get().isAfter(Instant.now())) {
                return;
            }
            try (WatchService watch = c.dir().getFileSystem().newWatchService()) {
                file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                follow(c, reader, o, line, out, clientGone, watch);
            }
        } finally {
            out.flush();
        }
    }

    /** Reads on; when caught up, flushes and sleeps until the log directory changes (inotify) or a short timeout. */
    private static void follow(Container c, LogFileReader reader, Options o, LogLine line, Frames out,
            CompletableFuture<Void> clientGone, WatchService watch) throws IOException {
        while (!clientGone.isDone()) {
            if (reader.next(line)) {
                if (o.until().isPresent() && line.isAfter(o.until().get())) {
                    return;
                }
                out.emit(line);
                continue;
            }
            if (o.until().isPresent() && Instant.now().isAfter(o.until().get())) {
                return;
            }
            if (!c.isRunning()) {
                // drain what the monitor wrote before it exited, then end
                while (reader.next(line)) {
                    out.emit(line);
                }
                return;
            }
            out.flush();
            try {
                WatchKey k = watch.poll(FOLLOW_POLL_MS, TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The response body being built: whole frames (stdcopy header, [timestamp " "] [attrs " "] line, as moby
     * builds them; the bare payload for a TTY) packed into one buffer that goes out in one write when full or
     * flushed. A record larger than the buffer goes out in its own writes. With {@link Options#packed()}, a record
     * of the same stream as the frame just before it in the buffer grows that frame instead of opening one: the
     * demultiplexed bytes are the same.
     */
    static final class Frames {
        static final int SIZE = 128 * 1024;
        private final OutputStream out;
        private final boolean tty;
        private final Options o;
        private final byte[] buf = new byte[SIZE];
        private int len;
        private final byte[] prefix = new byte[64];
        /** Where the buffer's last frame header starts, or -1 (none in the buffer, or packing is off). */
        private int lastHead = -1;

        Frames(OutputStream out, boolean tty, Options o) {
            this.out = out;
            this.tty = tty;
            this.o = o;
        }

        void emit(LogLine e) throws IOException {
            if (e.stderr() ? !o.stderr() : !o.stdout()) {
                return;
            }
            if (o.since().isPresent() && e.isBefore(o.since().get())) {
                return;
            }
            if (o.until().isPresent() && e.isAfter(o.until().get())) {
                return;
            }
            byte[] details = o.details() ? (attrs(e.attrs()) + " ").getBytes(StandardCharsets.UTF_8) : null;
            int pre = 0;
            if (o.timestamps()) {
                pre = e.writeTimestamp(prefix, 0);
                prefix[pre++] = ' ';
            }
            int payload = pre + (details == null ? 0 : details.length) + e.length();
            int head = tty ? 0 : StdcopyFrame.HEADER_SIZE;
            int stream = e.stderr() ? StdcopyFrame.STDERR : StdcopyFrame.STDOUT;
            if (lastHead >= 0 && buf[lastHead] == stream && len + payload <= SIZE) {
                int size = (int) u32(buf, lastHead + 4) + payload;
                StdcopyFrame.writeHeader(buf, lastHead, stream, size);
            } else {
                if (len + head + payload > SIZE) {
                    writeOut();
                }
                if (!tty) {
                    StdcopyFrame.writeHeader(buf, len, stream, payload);
                    lastHead = o.packed() && len + head + payload <= SIZE ? len : -1;
                    len += head;
                }
            }
            put(prefix, 0, pre);
            if (details != null) {
                put(details, 0, details.length);
            }
            put(e.text(), 0, e.length());
        }

        /** Appends to the buffer, or past it (writing it out first) when the bytes do not fit. */
        private void put(byte[] b, int off, int n) throws IOException {
            if (len + n <= SIZE) {
                System.arraycopy(b, off, buf, len, n);
                len += n;
                return;
            }
            writeOut();
            out.write(b, off, n);
        }

        private void writeOut() throws IOException {
            lastHead = -1;
            if (len > 0) {
                out.write(buf, 0, len);
                len = 0;
            }
        }

        private static long u32(byte[] b, int off) {
            return (b[off] & 0xffL) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        }

        void flush() throws IOException {
            writeOut();
            out.flush();
        }
    }

    /** {@code k=v,k2=v2}, keys in Go's string order, both escaped by Go's url.QueryEscape (Docker's --details). */
    static String attrs(Map<String, String> attrs) {
        StringBuilder sb = new StringBuilder();
        attrs.entrySet().stream().sorted(Map.Entry.comparingByKey(LogAttrs.GO_ORDER)).forEach(en -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            queryEscape(sb, en.getKey()).append('=');
            queryEscape(sb, en.getValue());
        });
        return sb.toString();
    }

    /** Go's url.QueryEscape: A-Z a-z 0-9 - _ . ~ as they are, space as +, every other UTF-8 byte as %XX. */
    private static StringBuilder queryEscape(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~')) {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb;
    }

    /** Docker's since/until ({@link dev.jdock.daemon.events.EventTimes}); "0" is no bound. */
    static Optional<Instant> parseTime(Optional<String> v) {
        if (v.isEmpty() || v.get().isEmpty() || v.get().equals("0")) {
            return Optional.empty();
        }
        return dev.jdock.daemon.events.EventTimes.parse(v);
    }
}
