package dev.jdock.daemon.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>Memory is bounded whatever the log's size: one record at a time (a line longer than {@link #MAX_LINE} is cut
 * there, its rest dropped), and {@link #skipToLast} finds the last N records by counting them per generation in a
 * first pass instead of keeping them. Nothing is allocated per record: a record is decoded where it lies in the read
 * buffer (only one that spans two reads is assembled first) into a {@link LogLine} the caller reuses; lines are
 * found and json strings decoded eight bytes at a time ({@link ByteScan}).
 */
public final class LogFileReader implements AutoCloseable {
    /** The longest json-file line kept (the monitor writes at most 16 KiB of output per line, escaped). */
    static final int MAX_LINE = 1024 * 1024;

    private final LogFileSet files;
    /** The open plain file, or null while a compressed generation is read through {@link #gzip}. */
    private RandomAccessFile raf;
    private InputStream gzip;
    private LogFileSet.FileId key;
    private long position;
    /** With {@link #stopAtCurrentEnd}: the live file then, and its size; nothing after it is read. */
    private LogFileSet.FileId endId;
    private long endSize;
    /** The open generation is that file (or its compressed form), and all of it that counts has been read. */
    private boolean endFile;
    private boolean atEnd;
    /** With {@link #skipToLast}: records still to skip per generation of the first pass, until one is emitted. */
    private Map<LogFileSet.FileId, Long> skipLeft = Map.of();
    private boolean cutting;
    /**
     * With {@link #skipToLast} on a json-file log: how many records to keep, looked for from the end of the newest
     * generation read (the end file, or the live one when following) when it is opened; -1 when none is pending.
     */
    private long tailFromEnd = -1;
    /** The open generation as the first pass knew it (a file compressed since keeps its plain identity). */
    private LogFileSet.FileId passId;

    /** The open file was rotated away: nothing more will be appended, read it to the end and move on. */
    private boolean finished;
    /** A record that spans reads is assembled here, up to {@link #MAX_LINE} (plus framing). */
    private byte[] partial = new byte[1024];
    private int partialLen;
    /** The size of the local-driver record being read, once its first 4 bytes are in; -1 before. */
    private long frameSize = -1;
    private final byte[] buf = new byte[128 * 1024];
    private int bufLen;
    private int bufPos;
    /** The record {@link #nextRecord} found: {@code recBuf[recOff, recOff+recLen)}, valid until the next read. */
    private byte[] recBuf;
    private int recOff;
    private int recLen;

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

    /**
     * Reads nothing written after this call (a {@code logs} without follow ends where the log ended when it was
     * asked, as dockerd's, however fast the container writes). Call before the first {@link #next}.
     */
    public void stopAtCurrentEnd() {
        stopAt(endOf(files.path(0)));
    }

    /**
     * Reads nothing written after {@code end} was taken (an attach with {@code logs=1} replays the log as it was
     * when its live session began, so that no line comes twice). Call before the first {@link #next}.
     */
    public void stopAt(End end) {
        endId = end.id;
        endSize = end.size;
        atEnd = end.empty;
    }

    /** Where the log of {@code file} (json-file or local) ends now: its live file's identity and size. */
    public static End endOf(java.nio.file.Path file) {
        LogFileSet files = new LogFileSet(file);
        LogFileSet.FileId id = LogFileSet.plainId(file);
        long size = id == null ? 0 : file.toFile().length();
        return new End(id, size, id == null && files.scan().size() <= 1);
    }

    /** A log's end at one moment ({@link #endOf}, {@link #of}); {@code empty}: there was no log at all. */
    public static final class End {
        private final LogFileSet.FileId id;
        private final long size;
        private final boolean empty;

        private End(LogFileSet.FileId id, long size, boolean empty) {
            this.id = id;
            this.size = size;
            this.empty = empty;
        }

        /**
         * The end a container's monitor reported at one point of its output: its live file ({@code st_dev} and
         * {@code st_ino}) and the bytes written to it.
         */
        public static End of(long dev, long ino, long size) {
            return new End(new LogFileSet.FileId(dev, ino), size, false);
        }

        @Override
        public String toString() {
            return "End[" + id + ", " + size + (empty ? ", empty]" : "]");
        }
    }

    /**
     * Makes {@link #next} start at the last {@code n} records of all generations (n >= 0), counting records as
     * they are in the files (a damaged line too, as dockerd's tail counts lines). The newest generation read is
     * walked backwards from its end (json-file: newlines; local: each record's trailing size), and mostly holds all
     * N records: then nothing before them is read. Otherwise a first pass (another reader,
     * same end) counts the records of each generation without parsing them; this reader then drops that many of
     * the oldest, generation by generation, unparsed (a file compressed between the passes is recognised by the
     * identity its .gz records, a generation deleted meanwhile is simply not there), until it keeps one. Memory:
     * one count per generation, whatever n. Call before the first {@link #next}.
     */
    public void skipToLast(long n) throws IOException {
        tailFromEnd = n; // found from the end when the first file is opened (see open)
    }

    /** {@link #skipToLast} by counting the records of every generation in a first pass. */
    private void countToLast(long n) throws IOException {
        Map<LogFileSet.FileId, Long> counts = new LinkedHashMap<>();
        long total = 0;
        try (LogFileReader pass = new LogFileReader(files.path(0), local)) {
            pass.endId = endId;
            pass.endSize = endSize;
            pass.atEnd = atEnd;
            while (pass.nextRecord(true)) {
                counts.merge(pass.key, 1L, Long::sum);
                total++;
            }
        }
        long skip = Math.max(0, total - n);
        for (Map.Entry<LogFileSet.FileId, Long> g : counts.entrySet()) {
            long here = Math.min(skip, g.getValue());
            g.setValue(here);
            skip -= here;
        }
        skipLeft = counts;
        cutting = total > 0;
    }

    /** The next complete entry, or empty when none is complete yet (or a rotation is half done). */
    public Optional<LogEntry> next() throws IOException {
        LogLine line = new LogLine();
        return next(line) ? Optional.of(line.toEntry()) : Optional.empty();
    }

    /**
     * Decodes the next complete record into {@code line} (reused: nothing is allocated per record); false when
     * none is complete yet (or a rotation is half done).
     */
    public boolean next(LogLine line) throws IOException {
        while (nextRecord(false)) {
            if (local ? LocalLogFormat.decode(recBuf, recOff, recLen, line)
                    : JsonFileFormat.decode(recBuf, recOff, recLen, line)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds the next complete record (a json-file line, a local record's payload; see {@link #recBuf}), false when
     * none is complete yet. With {@code drop}, or while {@link #skipToLast} drops records, a line is passed over
     * without being kept (only {@code drop} returns true for it). A kept record ends the dropping for good.
     */
    private boolean nextRecord(boolean drop) throws IOException {
        while (!atEnd) {
            if (raf == null && gzip == null && !open(true)) {
                return false;
            }
            boolean skipping = !drop && cutting && skipLeft.getOrDefault(passId, 0L) > 0;
            boolean rec = local ? readFrame() : drop || skipping ? dropLine() : readLine();
            if (rec) {
                if (skipping) {
                    skipLeft.merge(passId, -1L, Long::sum);
                    continue;
                }
                cutting = false; // one record kept: nothing more is dropped
                return true;
            }
            if (endFile && position >= endSize) {
                atEnd = true; // what was there when the request came: no more
                return false;
            }
            if (finished) {
                if (!open(false)) {
                    return false;
                }
                continue;
            }
            if (raf != null && files.isLive(key)) {
                if (raf.length() < position) {
                    seek(0);
                    continue;
                }
                return false;
            }
            finished = true; // rotated away or deleted: drain what was written before the rename, then move on
        }
        return false;
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
        boolean fromEnd = first && tailFromEnd >= 0;
        if (fromEnd) {
            target = endId == null ? 0 : LogFileSet.indexOf(gens, endId, true);
            if (target < 0 || gens.get(target).gzip()) {
                return tailByCounting(); // the end file is gone or compressed meanwhile
            }
        } else if (first) {
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
        identify(gens, target, want);
        finished = false;
        seek(0);
        if (fromEnd) {
            boolean oldest = target == gens.size() - 1;
            long start = local ? lastRecordsStart(tailFromEnd, oldest) : lastLinesStart(tailFromEnd, oldest);
            if (start < 0) {
                return tailByCounting();
            }
            tailFromEnd = -1;
            seek(start);
        }
        return true;
    }

    /** The pending tail found by counting after all (older generations hold some of it): opens the oldest file. */
    private boolean tailByCounting() throws IOException {
        closeQuietly(raf, gzip);
        raf = null;
        gzip = null;
        long n = tailFromEnd;
        tailFromEnd = -1;
        countToLast(n);
        return open(true);
    }

    /**
     * Where the last {@code n} complete lines of the open plain file start (up to the end file's end, else its
     * current length), read backwards from there in buffer-sized blocks: after the (n+1)-th newline from the end,
     * or 0 when the file has no more lines and no older generation ({@code oldest}); -1 when older generations
     * hold some of them.
     */
    private long lastLinesStart(long n, boolean oldest) throws IOException {
        long p = endFile ? endSize : raf.length();
        long seen = 0;
        while (p > 0) {
            int len = (int) Math.min(buf.length, p);
            raf.seek(p - len);
            try {
                raf.readFully(buf, 0, len);
            } catch (java.io.EOFException e) {
                return -1; // truncated meanwhile: count instead
            }
            for (int i = len - 1; i >= 0; i--) {
                if (buf[i] == '\n' && ++seen > n) {
                    return p - len + i + 1;
                }
            }
            p -= len;
        }
        return oldest ? 0 : -1;
    }

    /**
     * As {@link #lastLinesStart} for the local driver's framing, walked backwards by each record's trailing size
     * (checked against its leading one): -1 also when the end is not a record boundary (a record half written).
     */
    private long lastRecordsStart(long n, boolean oldest) throws IOException {
        long limit = endFile ? endSize : raf.length();
        long p = limit;
        for (long k = 0; k < Math.max(n, 1); k++) {
            if (p == 0) {
                return oldest ? 0 : -1;
            }
            long size = p < 8 ? -1 : u32At(p - 4);
            if (size < 0 || size > LocalLogFormat.MAX_RECORD || p - size - 8 < 0 || u32At(p - size - 8) != size) {
                return -1;
            }
            p -= size + 8;
        }
        return n == 0 ? limit : p;
    }

    private long u32At(long at) throws IOException {
        raf.seek(at);
        try {
            raf.readFully(buf, 0, 4);
        } catch (java.io.EOFException e) {
            return -1;
        }
        return u32(buf, 0);
    }

    /**
     * Whether the opened generation is the end file of {@link #stopAtCurrentEnd} and who it was in the first pass
     * of {@link #skipToLast}: itself, or for a .gz unknown to that pass, the plain file it was made from when it
     * is the newest .gz naming that file (an older one names an earlier file whose inode was reused).
     */
    private void identify(List<LogFileSet.Generation> gens, int target, LogFileSet.Generation want) {
        endFile = endId != null && target == LogFileSet.indexOf(gens, endId, true);
        passId = want.id();
        if (!skipLeft.containsKey(passId) && want.gzip() && want.source() != null
                && skipLeft.containsKey(want.source()) && target == LogFileSet.indexOf(gens, want.source(), true)) {
            passId = want.source();
        }
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
        partialLen = 0;
        frameSize = -1;
    }

    /** The rest of the current line passed over: true once its newline is read. */
    private boolean dropLine() throws IOException {
        partialLen = 0;
        while (bufPos < bufLen || refill()) {
            int nl = ByteScan.newline(buf, bufPos, bufLen);
            if (nl < bufLen) {
                bufPos = nl + 1;
                return true;
            }
            bufPos = bufLen;
        }
        return false;
    }

    /**
     * A complete line without its newline as the record ({@link #recBuf}: in place when the buffer holds all of
     * it, else assembled in {@link #partial}); false at the end of what has been written.
     */
    private boolean readLine() throws IOException {
        while (bufPos < bufLen || refill()) {
            int nl = ByteScan.newline(buf, bufPos, bufLen);
            if (nl < bufLen && partialLen == 0 && nl - bufPos <= MAX_LINE) {
                record(buf, bufPos, nl - bufPos);
                bufPos = nl + 1;
                return true;
            }
            int keep = Math.min(nl - bufPos, MAX_LINE - partialLen); // beyond: a damaged file, cut and skipped
            if (keep > 0) {
                keep(buf, bufPos, keep);
            }
            if (nl < bufLen) {
                bufPos = nl + 1;
                record(partial, 0, partialLen);
                partialLen = 0;
                return true;
            }
            bufPos = bufLen;
        }
        return false;
    }

    private void record(byte[] b, int off, int len) {
        recBuf = b;
        recOff = off;
        recLen = len;
    }

    /** Appends to {@link #partial}, growing it. */
    private void keep(byte[] b, int off, int len) {
        if (partialLen + len > partial.length) {
            partial = java.util.Arrays.copyOf(partial, Math.max(partialLen + len, partial.length * 2));
        }
        System.arraycopy(b, off, partial, partialLen, len);
        partialLen += len;
    }

    /** Reads the next bytes of the open generation into the buffer; false at the end of what has been written. */
    private boolean refill() throws IOException {
        bufLen = Math.max(0, fill());
        bufPos = 0;
        position += bufLen;
        return bufLen > 0;
    }

    /**
     * A complete local-driver record's payload (the protobuf) as the record ({@link #recBuf}: in place when the
     * buffer holds all of it, else assembled in {@link #partial}); false at the end of what has been written.
     */
    private boolean readFrame() throws IOException {
        while (bufPos < bufLen || refill()) {
            if (partialLen == 0 && bufLen - bufPos >= 4) {
                long size = u32(buf, bufPos);
                if (size > LocalLogFormat.MAX_RECORD) {
                    bufPos += 4; // not a record boundary (a damaged file): resynchronise on the next bytes
                    continue;
                }
                if (bufLen - bufPos >= size + 8) {
                    record(buf, bufPos + 4, (int) size);
                    bufPos += (int) size + 8;
                    return true;
                }
            }
            // the record spans reads: assemble it, its size first
            int want = frameSize < 0 ? 4 : (int) frameSize + 8;
            int n = Math.min(want - partialLen, bufLen - bufPos);
            keep(buf, bufPos, n);
            bufPos += n;
            if (partialLen == 4 && frameSize < 0) {
                frameSize = u32(partial, 0);
                if (frameSize > LocalLogFormat.MAX_RECORD) {
                    partialLen = 0;
                    frameSize = -1;
                }
            } else if (frameSize >= 0 && partialLen == frameSize + 8) {
                record(partial, 4, (int) frameSize);
                partialLen = 0;
                frameSize = -1;
                return true;
            }
        }
        return false;
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xffL) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }

    /** Reads the next bytes of the open generation into {@link #buf}; 0 or less at its (current) end. */
    private int fill() throws IOException {
        int len = buf.length;
        if (endFile) {
            len = (int) Math.max(0, Math.min(len, endSize - position));
            if (len == 0) {
                return 0;
            }
        }
        if (gzip != null) {
            try {
                return gzip.read(buf, 0, len);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                return -1; // a damaged compressed file: keep what was read and go on with the next one
            }
        }
        raf.seek(position);
        return raf.read(buf, 0, len);
    }


    @Override
    public void close() throws IOException {
        closeQuietly(raf, gzip);
        raf = null;
        gzip = null;
    }
}
