package dev.jdock.daemon.logging;

import java.time.Instant;
import java.util.Map;

/** One json-file log line: {"log":"...","stream":"stdout","attrs":{...},"time":"..."}. */
public record LogEntry(byte[] log, boolean stderr, Instant time, String rawTime, Map<String, String> attrs) {
    public LogEntry {
        attrs = attrs == null ? Map.of() : attrs;
    }

    public LogEntry(byte[] log, boolean stderr, Instant time, String rawTime) {
        this(log, stderr, time, rawTime, Map.of());
    }
}
