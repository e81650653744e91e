package dev.jdock.daemon.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The local log driver's record payload, moby's {@code LogEntry} protobuf (written by the monitor):
 * 1 source (string), 2 time_nano (int64), 3 line (bytes, without its newline), 4 partial (bool). Unknown fields are
 * skipped as protobuf does.
 */
final class LocalLogFormat {
    /** moby refuses records above 1 MiB + framing; a size field beyond that means we are not at a boundary. */
    static final int MAX_RECORD = 2 * 1024 * 1024;
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    private LocalLogFormat() {
    }

    /** The entry of one record's payload; a partial line keeps no newline, a whole one gets it back. */
    static Optional<LogEntry> parse(byte[] p) {
        String source = "stdout";
        long nanos = 0;
        byte[] line = new byte[0];
        boolean partial = false;
        int[] pos = {0};
        try {
            while (pos[0] < p.length) {
                long key = varint(p, pos);
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                switch (wire) {
                    case 0 -> {
                        long v = varint(p, pos);
                        if (field == 2) {
                            nanos = v;
                        } else if (field == 4) {
                            partial = v != 0;
                        }
                    }
                    case 2 -> {
                        int len = (int) varint(p, pos);
                        if (len < 0 || pos[0] + len > p.length) {
                            return Optional.empty();
                        }
                        if (field == 1) {
                            source = new String(p, pos[0], len, java.nio.charset.StandardCharsets.UTF_8);
                        } else if (field == 3) {
                            line = Arrays.copyOfRange(p, pos[0], pos[0] + len);
                        }
                        pos[0] += len;
                    }
                    case 1 -> pos[0] += 8;
                    case 5 -> pos[0] += 4;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
        byte[] text = partial ? line : Arrays.copyOf(line, line.length + 1);
        if (!partial) {
            text[line.length] = '\n';
        }
        Instant t = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        return Optional.of(new LogEntry(text, "stderr".equals(source), t, RFC3339_NANO.format(t), Map.of()));
    }

    private static long varint(byte[] p, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = p[pos[0]++];
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new ArrayIndexOutOfBoundsException("varint too long");
    }
}
