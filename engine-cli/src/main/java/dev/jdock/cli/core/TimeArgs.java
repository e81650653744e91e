package dev.jdock.cli.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker CLI's {@code --since}/{@code --until} values, turned into the {@code seconds.nanoseconds} string the
 * API takes: a unix timestamp (passed through), a Go duration relative to now ({@code 10m}, {@code 1h30m}), or an
 * RFC 3339 date/time (local time when it has no zone). As docker's GetTimestamp: a duration gives whole seconds,
 * a date seconds and nanoseconds.
 */
public final class TimeArgs {
    private static final Pattern NUMBER = Pattern.compile("^\\d+(\\.\\d+)?$");
    private static final Pattern DURATION = Pattern.compile("^[-+]?(\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+$");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private TimeArgs() {
    }

    /** Null stays null; anything unparsable is a CLI error as docker reports it. */
    public static String toApi(String value, long nowMillis) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (NUMBER.matcher(value).matches()) {
            return value;
        }
        if (DURATION.matcher(value).matches()) { // docker's GetTimestamp: whole seconds (t.Unix()) for a duration
            return String.valueOf(Instant.ofEpochMilli(nowMillis).minusNanos(durationNanos(value)).getEpochSecond());
        }
        Instant t = parseDate(value);
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    /** Go's time.ParseDuration, a leading sign included ({@code -1h}: an hour from now). */
    static long durationNanos(String d) {
        if (d.startsWith("-")) {
            return -durationNanos(d.substring(1));
        }
        Matcher m = PART.matcher(d);
        double nanos = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return (long) nanos;
    }

    private static Instant parseDate(String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // try without a zone
        }
        try {
            return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // try a bare date
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliException(125, "invalid value for \"since\"/\"until\": failed to parse value " + v
                    + " as a timestamp");
        }
    }
}
