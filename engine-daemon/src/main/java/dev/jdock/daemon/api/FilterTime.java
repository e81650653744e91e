package dev.jdock.daemon.api;

import dev.jdock.daemon.errors.EngineException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time filter value ({@code until} of the prune endpoints) as Docker's timetypes.GetTimestamp reads it: a Go duration relative to now
 * ({@code 10m}, {@code 1h30m}), an RFC 3339 time, a date or date-time without zone (UTC), or Unix seconds.
 */
public final class FilterTime {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern DURATION = Pattern.compile("^(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+$");
    private static final Pattern UNIX = Pattern.compile("^-?\\d+(\\.\\d+)?$");

    private FilterTime() {
    }

    public static Instant parse(String value, Instant now) {
        try {
            return parseValue(value.trim(), now);
        } catch (DateTimeException | ArithmeticException e) { // unparsable, or out of Instant's range
            throw invalid(value);
        }
    }

    private static EngineException invalid(String value) {
        return EngineException.invalid("failed to parse value as time or duration: \"" + value + "\"");
    }

    private static Instant parseValue(String v, Instant now) {
        if (DURATION.matcher(v).matches()) {
            return now.minus(goDuration(v));
        }
        if (UNIX.matcher(v).matches()) {
            double secs = Double.parseDouble(v);
            return Instant.ofEpochSecond((long) Math.floor(secs), (long) ((secs - Math.floor(secs)) * 1e9));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the zone-less forms
        }
        try {
            return LocalDateTime.parse(v.length() == 13 ? v + ":00" : v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // a plain date
        }
        return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Duration goDuration(String v) {
        Duration d = Duration.ZERO;
        Matcher m = DURATION_PART.matcher(v);
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            d = d.plusNanos((long) (n * nanosPerUnit));
        }
        return d;
    }
}
