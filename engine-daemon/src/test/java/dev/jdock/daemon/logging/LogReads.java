package dev.jdock.daemon.logging;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Optional;

/** Test helper: what a reader yields until it has caught up, from the last {@code tail} records (all when < 0). */
final class LogReads {
    private LogReads() {
    }

    static ArrayDeque<LogEntry> read(LogFileReader r, long tail) throws IOException {
        if (tail >= 0) {
            r.skipToLast(tail);
        }
        ArrayDeque<LogEntry> out = new ArrayDeque<>();
        Optional<LogEntry> e;
        while ((e = r.next()).isPresent()) {
            out.addLast(e.get());
        }
        return out;
    }
}
