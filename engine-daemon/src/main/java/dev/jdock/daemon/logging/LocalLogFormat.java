package dev.jdock.daemon.logging;

/**
 * The local log driver's record payload, moby's {@code LogEntry} protobuf (written by the monitor):
 * 1 source (string), 2 time_nano (int64), 3 line (bytes, without its newline), 4 partial (bool). Unknown fields are
 * skipped as protobuf does.
 */
final class LocalLogFormat {
    /** moby refuses records above 1 MiB + framing; a size field beyond that means we are not at a boundary. */
    static final int MAX_RECORD = 2 * 1024 * 1024;

    private LocalLogFormat() {
    }

    /**
     * Decodes the record payload {@code p[off, off+len)} into {@code out} (no allocation): false when it is no
     * record. A partial line keeps no newline, a whole one gets it back.
     */
    static boolean decode(byte[] p, int off, int len, LogLine out) {
        boolean stderr = false;
        long nanos = 0;
        int lineAt = 0;
        int lineLen = 0;
        boolean partial = false;
        int end = off + len;
        int pos = off;
        while (pos < end) {
            int next = varintEnd(p, pos, end); // the key, then the value by wire type
            if (next < 0) {
                return false;
            }
            long key = varint(p, pos);
            pos = next;
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire == 0 || wire == 2) {
                next = varintEnd(p, pos, end);
                if (next < 0) {
                    return false;
                }
                long v = varint(p, pos);
                pos = next;
                if (wire == 0) {
                    if (field == 2) {
                        nanos = v;
                    } else if (field == 4) {
                        partial = v != 0;
                    }
                    continue;
                }
                if (v < 0 || v > end - pos) {
                    return false;
                }
                if (field == 1) {
                    stderr = v == 6 && p[pos] == 's' && p[pos + 1] == 't' && p[pos + 2] == 'd'
                            && p[pos + 3] == 'e' && p[pos + 4] == 'r' && p[pos + 5] == 'r';
                } else if (field == 3) {
                    lineAt = pos;
                    lineLen = (int) v;
                }
                pos += (int) v;
            } else if (wire == 1) {
                pos += 8;
            } else if (wire == 5) {
                pos += 4;
            } else {
                return false;
            }
        }
        int n = partial ? lineLen : lineLen + 1;
        byte[] text = out.reserve(n);
        System.arraycopy(p, lineAt, text, 0, lineLen);
        if (!partial) {
            text[lineLen] = '\n';
        }
        out.set(n, stderr);
        out.timeNanos(nanos);
        return true;
    }

    /** The index after the varint at {@code p[pos]}, or -1 when it runs past {@code end} or 10 bytes. */
    private static int varintEnd(byte[] p, int pos, int end) {
        for (int i = pos; i < end && i < pos + 10; i++) {
            if (p[i] >= 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The value of the varint at {@code p[pos]} (whose end {@link #varintEnd} found). */
    private static long varint(byte[] p, int pos) {
        long v = 0;
        int shift = 0;
        byte x;
        do {
            x = p[pos++];
            v |= (long) (x & 0x7f) << shift;
            shift += 7;
        } while (x < 0);
        return v;
    }
}
