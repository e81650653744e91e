package dev.jdock.daemon.events;

import dev.jdock.daemon.errors.EngineException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code since}/{@code until} values clients send (events, logs): unix seconds with an optional fraction
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
                // moby's ParseTimestamps: strconv's error on the part that fails, returned as it is (500)
                int dot = s.indexOf('.');
                String head = dot < 0 ? s : s.substring(0, dot);
                String part = dot >= 0 && head.matches("[+-]?[0-9]+") ? s.substring(dot + 1) : head;
                throw EngineException.system("strconv.ParseInt: parsing \"" + part + "\": invalid syntax", null);
            }
        }
    }
}
