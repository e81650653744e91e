package dev.jdock.runtime.monitor;

import java.util.Optional;

/**
 * Where the monitor's live log file ended at one point of its output (the {@link AttachFrame#LOG_AT} answer to
 * {@link AttachFrame#LOG_MARK}): the output delivered before the mark is in the file up to {@code size}, except the
 * last {@code partialStdout} / {@code partialStderr} bytes of each stream (an unterminated line the monitor still
 * holds); the output delivered after it is not in the file up to {@code size}. An attach with {@code logs=1} on a
 * running container replays the log up to the mark and streams what follows: each line once, none lost.
 *
 * @param file the live file's identity and size; empty when the monitor writes no log file (driver none)
 */
public record LogMark(Optional<File> file) {

    /** The live file (its {@code st_dev}, {@code st_ino}) and how much of it was written, and the held bytes. */
    public record File(long dev, long ino, long size, int partialStdout, int partialStderr) {
    }

    /** Parses a LOG_AT payload; throws IllegalArgumentException when it is malformed. */
    public static LogMark parse(String payload) {
        String p = payload.trim();
        if (p.equals("-")) {
            return new LogMark(Optional.empty());
        }
        String[] f = p.split(" ");
        if (f.length != 5) {
            throw new IllegalArgumentException("malformed log mark: " + payload);
        }
        File file = new File(Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]), Long.parseLong(f[2]),
                Integer.parseInt(f[3]), Integer.parseInt(f[4]));
        if (file.size() < 0 || file.partialStdout() < 0 || file.partialStderr() < 0) {
            throw new IllegalArgumentException("malformed log mark: " + payload);
        }
        return new LogMark(Optional.of(file));
    }
}
