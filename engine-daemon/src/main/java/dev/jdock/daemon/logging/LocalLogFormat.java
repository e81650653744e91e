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
            long key = 0;
            int shift = 0;
            byte x;
            do { // varint key, then the value by wire type
                if (pos >= end || shift > 63) {
                    return false;
                }
                x = p[pos++];
                key |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while (x < 0);
            int field = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> {
                    long v = 0;
                    shift = 0;
                    do {
                        if (pos >= end || shift > 63) {
                            return false;
                        }
                        x = p[pos++];
                        v |= (long) (x & 0x7f) << shift;
                        shift += 7;
                    } while (x < 0);
                    if (field == 2) {
                        nanos = v;
                    } else if (field == 4) {
                        partial = v != 0;
                    }
                }
                case 2 -> {
                    long v = 0;
                    shift = 0;
                    do {
                        if (pos >= end || shift > 63) {
                            return false;
                        }
                        x = p[pos++];
                        v |= (long) (x & 0x7f) << shift;
                        shift += 7;
                    } while (x < 0);
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
                }
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                default -> {
                    return false;
                }
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
}
