package dev.jdock.daemon.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * One decoded log record, filled by {@link LogFileReader#next(LogLine)} and reused from record to record, so that
 * reading a log allocates nothing per line: the output bytes ({@link #text}, newline included unless the record
 * is a partial line), the stream, the time (a json-file record keeps its time text and parses it only when asked)
 * and the attrs (json-file records written with labels/env options).
 */
public final class LogLine {
    private static final int MAX_TIME_TEXT = 64;
    private byte[] text = new byte[4096];
    private int length;
    private boolean stderr;
    private final byte[] timeText = new byte[MAX_TIME_TEXT];
    private int timeTextLength;
    /** Epoch nanoseconds once known; {@link Long#MIN_VALUE} while only {@link #timeText} is. */
    private long nanos;
    /** The time came as a number (local driver): its text is the formatted number. */
    private boolean numericTime;
    private Map<String, String> attrs = Map.of();
    /**
     * The attrs of the last record that had some, and the bytes between its log string and its time string as the
     * monitor writes them with those attrs ({@code ","stream":"stdout","attrs":{...},"time":"}): the monitor writes
     * the same attrs on every line of a start, so the hand decoder takes those lines too.
     */
    private Map<String, String> knownAttrs;
    private byte[] knownOutTail;
    private byte[] knownErrTail;
    /** The last time formatted by {@link #writeTimestamp}, kept for the next records of the same time. */
    private final byte[] fixed = new byte[64];
    private int fixedLength;
    private long fixedNanos;

    /** The record's output bytes are {@code text()[0, length())}. */
    public byte[] text() {
        return text;
    }

    public int length() {
        return length;
    }

    public boolean stderr() {
        return stderr;
    }

    public Map<String, String> attrs() {
        return attrs;
    }

    /** The time in epoch nanoseconds (0, the epoch, for a record without a readable time). */
    public long nanos() {
        if (nanos == Long.MIN_VALUE) {
            long t = LogTime.parseNanos(timeText, 0, timeTextLength);
            nanos = t == Long.MIN_VALUE ? 0 : t;
        }
        return nanos;
    }

    public boolean isBefore(Instant t) {
        return nanos() < LogTime.toNanos(t);
    }

    public boolean isAfter(Instant t) {
        return nanos() > LogTime.toNanos(t);
    }

    /** Writes the time as docker's --timestamps prints it (RFC3339NanoFixed); returns the length (30 mostly). */
    public int writeTimestamp(byte[] dst, int off) {
        long t = nanos();
        if (t != fixedNanos || fixedLength == 0) {
            fixedLength = LogTime.writeFixed(t, fixed, 0);
            fixedNanos = t;
        }
        System.arraycopy(fixed, 0, dst, off, fixedLength);
        return fixedLength;
    }

    /** The record as an immutable entry (copies; not for the hot path). */
    public LogEntry toEntry() {
        String raw = timeTextLength > 0 ? new String(timeText, 0, timeTextLength, StandardCharsets.UTF_8) : "";
        if (numericTime) {
            byte[] b = new byte[64];
            raw = new String(b, 0, LogTime.writeFixed(nanos, b, 0), StandardCharsets.US_ASCII);
        }
        return new LogEntry(Arrays.copyOf(text, length), stderr, LogTime.toInstant(nanos()), raw, attrs);
    }

    /** Room for {@code n} bytes of text; what is there already is kept. */
    byte[] reserve(int n) {
        if (n > text.length) {
            text = Arrays.copyOf(text, Math.max(n, text.length * 2));
        }
        return text;
    }

    void set(int length, boolean stderr) {
        this.length = length;
        this.stderr = stderr;
        this.attrs = Map.of();
    }

    /** The time as text, parsed when {@link #nanos} is first asked. */
    void timeText(byte[] b, int off, int len) {
        if (!numericTime && len > 0 && len == timeTextLength && Arrays.equals(timeText, 0, len, b, off, off + len)) {
            return; // the same time as the record before (one batch of the monitor): parsed once
        }
        numericTime = false;
        if (len > MAX_TIME_TEXT) {
            timeTextLength = 0;
            nanos = 0; // no time that long: the epoch, as an unreadable one
            return;
        }
        System.arraycopy(b, off, timeText, 0, len);
        timeTextLength = len;
        nanos = Long.MIN_VALUE;
    }

    void timeNanos(long t) {
        numericTime = true;
        timeTextLength = 0;
        nanos = t;
    }

    void attrs(Map<String, String> a) {
        attrs = a;
    }

    /** Remembers {@code a} (a parsed record's attrs) for {@link #knownTail}, unless they are the known ones. */
    void knownAttrs(Map<String, String> a) {
        if (a.isEmpty() || a.equals(knownAttrs)) {
            return;
        }
        Map<String, String> sorted = new java.util.TreeMap<>(LogAttrs.GO_ORDER);
        sorted.putAll(a);
        String json = LogAttrs.goJson(sorted);
        knownAttrs = Map.copyOf(a);
        knownOutTail = ("\",\"stream\":\"stdout\",\"attrs\":" + json + ",\"time\":\"").getBytes(StandardCharsets.UTF_8);
        knownErrTail = ("\",\"stream\":\"stderr\",\"attrs\":" + json + ",\"time\":\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The tail of a record of the known attrs on stdout or stderr; null while none are known. */
    byte[] knownTail(boolean err) {
        return err ? knownErrTail : knownOutTail;
    }

    Map<String, String> knownAttrs() {
        return knownAttrs;
    }

    /** Copies a (jackson-parsed) entry in. */
    void set(LogEntry e) {
        byte[] t = reserve(e.log().length);
        System.arraycopy(e.log(), 0, t, 0, e.log().length);
        set(e.log().length, e.stderr());
        byte[] raw = e.rawTime().getBytes(StandardCharsets.UTF_8);
        if (raw.length > 0 && raw.length <= MAX_TIME_TEXT) {
            timeText(raw, 0, raw.length);
            nanos = LogTime.toNanos(e.time());
        } else {
            timeTextLength = 0;
            numericTime = false;
            nanos = LogTime.toNanos(e.time());
        }
        attrs = e.attrs();
    }
}
