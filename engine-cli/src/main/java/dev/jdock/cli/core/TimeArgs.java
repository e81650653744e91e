package dev.jdock.cli.core;

import dev.jdock.api.value.GoDuration;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker CLI's {@code --since}/{@code --until} values, turned into what the API takes as docker's GetTimestamp
 * (api/types/time) turns them: a Go duration relative to now ({@code 10m}, {@code -1h}, {@code .5s}; not {@code 0})
 * as whole seconds; a date in one of its layouts (RFC 3339 with or without fractions, {@code 2006-01-02T15},
 * {@code 2006-01-02T15:04}, {@code 2006-01-02}; in the local zone's offset of now when it has none) as
 * {@code seconds.nanoseconds}; else a unix timestamp ({@code 1700000000}, {@code 1700000000.5}) passed as given.
 * What is none of these is refused as docker refuses it, exit 1.
 */
public final class TimeArgs {
    /** The date layouts' shape: date, optional T hour[:minute[:second[.fraction]]], optional zone. */
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{1,2})(?::(\\d{2})"
            + "(?::(\\d{2})(?:[.,](\\d+))?)?)?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);

    private TimeArgs() {
    }

    /** Null stays null; anything unparsable is a CLI error as docker reports it. */
    public static String toApi(String value, long nowMillis) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        Long d = value.equals("0") ? null : goDuration(value);
        if (d != null) { // whole seconds (t.Unix()) for a duration
            BigInteger t = BigInteger.valueOf(nowMillis).multiply(BigInteger.valueOf(1_000_000L))
                    .subtract(BigInteger.valueOf(d));
            return t.divide(NANOS).subtract(t.signum() < 0 && t.mod(NANOS).signum() != 0 ? BigInteger.ONE
                    : BigInteger.ZERO).toString();
        }
        Instant t = parseDate(value, nowMillis);
        if (t != null) {
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
        }
        if (value.contains("-")) { // docker: "was probably an RFC3339 like timestamp but the parser failed"
            throw new CliException(1, "parsing time " + Args.goQuote(value) + ": cannot parse as a date");
        }
        if (!unixTimestamp(value)) {
            throw new CliException(1, "failed to parse value as time or duration: " + Args.goQuote(value));
        }
        return value;
    }

    /** Go's time.ParseDuration in nanoseconds, or null where it fails (syntax, unit, overflow). */
    static Long goDuration(String s) {
        try {
            return GoDuration.parseNanos(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * GetTimestamp's layouts: with a zone ("Z", "z" or an offset; parseInLocation false also when the value has
     * three '-', a negative offset) RFC 3339 and its shorter T forms, else the same in the local zone's offset of now
     * (Go's time.FixedZone(reference.Zone())); null when the value is none of them or no such date exists.
     */
    private static Instant parseDate(String v, long nowMillis) {
        Matcher m = DATE.matcher(v);
        if (!m.matches()) {
            return null;
        }
        boolean zoned = m.group(8) != null;
        boolean inLocation = v.chars().noneMatch(c -> c == 'z' || c == 'Z' || c == '+')
                && v.chars().filter(c -> c == '-').count() != 3;
        if (zoned == inLocation) { // a layout wants a zone the value lacks, or the other way round
            return null;
        }
        if (m.group(7) != null && m.group(6) == null) {
            return null;
        }
        // Go's range checks, month, hour, minute and second as each is read, the day at the end
        int month = Integer.parseInt(m.group(2));
        String range = month < 1 || month > 12 ? "month"
                : m.group(4) != null && Integer.parseInt(m.group(4)) > 23 ? "hour"
                : m.group(5) != null && Integer.parseInt(m.group(5)) > 59 ? "minute"
                : m.group(6) != null && Integer.parseInt(m.group(6)) > 59 ? "second"
                : Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3))
                        > java.time.YearMonth.of(Integer.parseInt(m.group(1)), month).lengthOfMonth() ? "day" : null;
        if (range != null) {
            throw new CliException(1, "parsing time " + Args.goQuote(v) + ": " + range + " out of range");
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9)));
            ZoneOffset offset = zoned ? (m.group(8).equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(m.group(8)))
                    : ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochMilli(nowMillis));
            return t.toInstant(offset);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** docker's parseTimestamp: seconds as Go's ParseInt, then optionally '.' and nanoseconds the same way. */
    private static boolean unixTimestamp(String v) {
        int dot = v.indexOf('.');
        return goInt(dot < 0 ? v : v.substring(0, dot)) && (dot < 0 || goInt(v.substring(dot + 1)));
    }

    private static boolean goInt(String s) {
        return s.matches("[+-]?\\d{1,19}") && new BigInteger(s.startsWith("+") ? s.substring(1) : s).bitLength() <= 63;
    }
}
