package dev.jdock.daemon.logging;

import java.time.Instant;

/** One json-file log line: {"log":"...","stream":"stdout","time":"..."}. */
public record LogEntry(byte[] log, boolean stderr, Instant time, String rawTime) {
}
