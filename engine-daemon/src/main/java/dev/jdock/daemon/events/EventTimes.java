package dev.jdock.daemon.events;

import dev.jdock.daemon.errors.EngineException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code since}/{@code until} values clients send: unix seconds with an optional fraction
 * ({@code 1700000000.123456789}, what the docker CLI sends), or RFC 3339.
 */
public final class EventTimes {
    private EventTimes() {
    }

    public static Optional<Instant> parse(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        String s = value.get().trim();
        try {
            int dot = s.indexOf('.');
            long secs = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
            long nanos = 0;
            if (dot >= 0) {
                nanos = Long.parseLong((s.substring(dot + 1) + "000000000").substring(0, 9));
            }
            return Optional.of(Instant.ofEpochSecond(secs, nanos));
        } catch (NumberFormatException e) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e2) {
                throw EngineException.invalid("failed to parse value " + s + " as a timestamp");
            }
        }
    }
}
