package dev.jdock.daemon.api;

import dev.jdock.api.value.GoTimestamp;
import dev.jdock.daemon.errors.EngineException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A time filter value ({@code until} of the prune endpoints) as dockerd reads it: moby's GetTimestamp relative to now
 * (a Go duration, an RFC 3339 time or one of its shorter layouts, in the daemon's zone where it has none, or unix
 * seconds), then ParseTimestamps; refused with moby's message.
 */
public final class FilterTime {
    private FilterTime() {
    }

    public static Instant parse(String value, Instant now) {
        return parse(value, now, ZoneId.systemDefault());
    }

    static Instant parse(String value, Instant now, ZoneId zone) {
        try {
            return GoTimestamp.parse(GoTimestamp.get(value, now, zone));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        } catch (DateTimeException | ArithmeticException e) { // out of Instant's range
            throw EngineException.invalid("failed to parse value as time or duration: \"" + value + "\"");
        }
    }
}
