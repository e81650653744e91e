package dev.jdock.daemon.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads a container log and its rotated generations ({@code log.N} ... {@code log.1}, then {@code log}) in order,
 * then follows the live file as it grows: whole records only (a partly written last one is left for the next read),
 * never a whole file in memory. Records are json-file lines (parsed with the streaming parser) or, for the local
 * driver, moby's framing: {@code [u32 BE size][protobuf LogEntry][u32 BE size]}. Compressed generations
 * ({@code log.N.gz}, compress=true) are decompressed as they are read.
 *
 * <p>Rotation (the monitor renames {@code log} to {@code log.1} and opens a new {@code log}) is detected by the
 * open file's inode leaving the live name; the old file is then read to its end through the still-open descriptor
 * before moving to the next generation, so no line is missed or repeated. When the monitor then compresses that
 * file, the .gz names the plain file it came from (see {@link LogFileSet}), so the reader still finds its place.
 * A live file that shrinks (truncated in place, {@code max-file=1}) is read again from its start.
 */
public final class LogFileReader implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final LogFileSet files;
    /** The open plain file, or null while a compressed generation is read through {@link #gzip}. */
    private RandomAccessFile raf;
    private InputStream gzip;
    private LogFileSet.FileId key;
    private long position;
    /** The open file was rotated away: nothing more will be appended, read it to the end and move on. */
    private boolean finished;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** The size of the local-driver record being read, once its first 4 bytes are in; -1 before. */
    private long frameSize = -1;
    private final byte[] buf = new byte[8192];
    private int bufLen;
    private int bufPos;

    /** The local driver's framed records instead of json-file lines. */
    private final boolean local;

    /** A json-file log. */
    public LogFileReader(java.nio.file.Path file) {
        this(file, false);
    }

    /** A json-file log, or with {@code local} the local driver's. */
    public LogFileReader(java.nio.file.Path file, boolean local) {
        this.files = new LogFileSet(file);
        this.local = local;
    }

    /** The last {@code n} entries of all generations (all when n < 0), leaving the reader at the end. */
    public Deque<LogEntry> tail(long n) throws IOException {
        Deque<LogEntry> out = new ArrayDeque<>();
        LogEntry e;
        while ((e = next().orElse(null)) != null) {
            out.addLast(e);
            if (n >= 0 && out.size() > n) {
                out.removeFirst();
            }
        }
        return out;
    }

    /** The next complete entry, or empty when none is complete yet (or a rotation is half done). */
    public Optional<LogEntry> next() throws IOException {
        while (true) {
            if (raf == null && gzip == null && !open(true)) {
                return Optional.empty();
            }
            byte[] line = local ? readFrame() : readLine();
            if (line != null) {
                Optional<LogEntry> e = local ? LocalLogFormat.parse(line) : parse(line);
                if (e.isPresent()) {
                    return e;
                }
                continue;
            }
            if (finished) {
                if (!open(false)) {
                    return Optional.empty();
                }
                continue;
            }
            if (raf != null && files.isLive(key)) {
                if (raf.length() < position) {
                    seek(0);
                    continue;
                }
                return Optional.empty();
            }
            finished = true; // rotated away or deleted: drain what was written before the rename, then move on
        }
    }

    /**
     * Opens the oldest generation ({@code first}) or the one after the current file. The directory is scanned
     * before and after opening and must look the same, so a rotation running meanwhile is never misread.
     */
    private boolean open(boolean first) throws IOException {
        List<LogFileSet.Generation> gens = files.scan();
        if (gens.contains(null)) {
            return false; // a rotation is renaming files right now: look again on the next call
        }
        int target;
        if (first) {
            target = gens.size() - 1;
        } else {
            int mine = LogFileSet.indexOf(gens, key, raf != null);
            target = mine > 0 ? mine - 1 : gens.size() - 1; // deleted: every remaining file is newer
        }
        LogFileSet.Generation want = gens.get(target);
        RandomAccessFile plain = null;
        InputStream gz = null;
        try {
            if (want.gzip()) {
                gz = openGzip(want);
            } else {
                plain = new RandomAccessFile(want.path().toFile(), "r");
            }
            if (!want.id().equals(LogFileSet.plainId(want.path()))) {
                closeQuietly(plain, gz); // replaced meanwhile
                plain = null;
                gz = null;
            }
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            return false;
        }
        if (plain == null && gz == null || !LogFileSet.ids(gens).equals(LogFileSet.ids(files.scan()))) {
            closeQuietly(plain, gz);
            return false;
        }
        closeQuietly(raf, gzip);
        raf = plain;
        gzip = gz;
        key = want.id();
        finished = false;
        seek(0);
        return true;
    }

    /** The decompressed content of a .gz generation. */
    private static InputStream openGzip(LogFileSet.Generation want) throws IOException {
        FileChannel ch = FileChannel.open(want.path(), StandardOpenOption.READ);
        try {
            return new GZIPInputStream(Channels.newInputStream(ch), 64 * 1024);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            ch.close();
            return InputStream.nullInputStream(); // damaged (never half written: it is renamed into place)
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void closeQuietly(java.io.Closeable... cs) {
        for (java.io.Closeable c : cs) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    private void seek(long pos) {
        position = pos;
        bufLen = 0;
        bufPos = 0;
        partial.reset();
        frameSize = -1;
    }

    /** The next byte of the open generation, or -1 at the end of what has been written. */
    private int nextByte() throws IOException {
        if (bufPos >= bufLen) {
            bufLen = Math.max(0, fill());
            bufPos = 0;
            if (bufLen == 0) {
                return -1;
            }
            position += bufLen;
        }
        return buf[bufPos++] & 0xff;
    }

    /** A complete line without its newline, or null at the end of what has been written. */
    private byte[] readLine() throws IOException {
        int b;
        while ((b = nextByte()) >= 0) {
            if (b == '\n') {
                byte[] line = partial.toByteArray();
                partial.reset();
                return line;
            }
            partial.write(b);
        }
        return null;
    }

    /** A complete local-driver record's payload (the protobuf), or null at the end of what has been written. */
    private byte[] readFrame() throws IOException {
        int next;
        while ((next = nextByte()) >= 0) {
            partial.write(next);
            int have = partial.size();
            if (have == 4) {
                byte[] b = partial.toByteArray();
                frameSize = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                if (frameSize > LocalLogFormat.MAX_RECORD) {
                    partial.reset(); // not a record boundary (a damaged file): resynchronise on the next bytes
                    frameSize = -1;
                }
            } else if (frameSize >= 0 && have == frameSize + 8) {
                byte[] b = partial.toByteArray();
                partial.reset();
                int size = (int) frameSize;
                frameSize = -1;
                return java.util.Arrays.copyOfRange(b, 4, size + 4);
            }
        }
        return null;
    }

    /** Reads the next bytes of the open generation into {@link #buf}; 0 or less at its (current) end. */
    private int fill() throws IOException {
        if (gzip != null) {
            try {
                return gzip.read(buf);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                return -1; // a damaged compressed file: keep what was read and go on with the next one
            }
        }
        raf.seek(position);
        return raf.read(buf);
    }

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

    @Override
    public void close() throws IOException {
        closeQuietly(raf, gzip);
        raf = null;
        gzip = null;
    }
}
