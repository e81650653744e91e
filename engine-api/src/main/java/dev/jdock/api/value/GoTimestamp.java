package dev.jdock.api.value;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's time values ({@code --since}/{@code --until} of the CLI, the daemon's {@code until} filters) as moby's
 * api/types/time reads them. {@link #get} is GetTimestamp: a Go duration relative to now ({@code 10m}, {@code -1h},
 * {@code .5s}; not {@code 0}) as whole seconds; a date in one of its layouts (RFC 3339 with or without fractions,
 * {@code 2006-01-02T15}, {@code 2006-01-02T15:04}, {@code 2006-01-02}; in the zone's offset of now when it has none)
 * as {@code seconds.nanoseconds}; else a unix timestamp ({@code 1700000000}, {@code 1700000000.5}) passed as given.
 * {@link #parse} is ParseTimestamps of what it returns. Refusals are {@link IllegalArgumentException}s with Go's
 * message, but for a value with a '-' that fits no layout (worded here, not as Go's time.Parse).
 */
public final class GoTimestamp {
    /** The date layouts' shape: date, optional T hour[:minute[:second[.fraction]]], optional zone. */
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{1,2})(?::(\\d{2})"
            + "(?::(\\d{2})(?:[.,](\\d+))?)?)?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);

    private GoTimestamp() {
    }

    /** GetTimestamp(value, now) with now's zone {@code zone}. */
    public static String get(String value, Instant now, ZoneId zone) {
        if (!value.equals("0")) {
            try { // whole seconds (t.Unix(), a floor) for a duration
                BigInteger t = BigInteger.valueOf(now.getEpochSecond()).multiply(NANOS)
                        .add(BigInteger.valueOf(now.getNano()))
                        .subtract(BigInteger.valueOf(GoDuration.parseNanos(value)));
                BigInteger[] qr = t.divideAndRemainder(NANOS);
                return (qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]).toString();
            } catch (IllegalArgumentException notADuration) {
                // a date or a timestamp
            }
        }
        Instant t = parseDate(value, now, zone);
        if (t != null) {
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
        }
        if (value.contains("-")) { // moby: "was probably an RFC3339 like timestamp but the parser failed"
            throw new IllegalArgumentException("parsing time " + GoQuote.quote(value) + ": cannot parse as a date");
        }
        if (!unixTimestamp(value)) {
            throw new IllegalArgumentException("failed to parse value as time or duration: " + GoQuote.quote(value));
        }
        return value;
    }

    /**
     * ParseTimestamps(ts, 0): {@code seconds[.fraction]} as {@link #get} returns it (the fraction's digits scaled to
     * nanoseconds as moby scales them); the empty string is the epoch.
     */
    public static Instant parse(String ts) {
        if (ts.isEmpty()) {
            return Instant.EPOCH;
        }
        int dot = ts.indexOf('.');
        long sec = goInt(dot < 0 ? ts : ts.substring(0, dot));
        if (dot < 0) {
            return Instant.ofEpochSecond(sec);
        }
        String n = ts.substring(dot + 1);
        long nsec = goInt(n);
        nsec = (long) ((double) nsec * Math.pow(10, 9 - n.length()));
        return Instant.ofEpochSecond(sec, nsec);
    }

    /**
     * GetTimestamp's layouts: with a zone ("Z", "z" or an offset; parseInLocation false also when the value has
     * three '-', a negative offset) RFC 3339 and its shorter T forms, else the same in the zone's offset of now
     * (Go's time.FixedZone(reference.Zone())); null when the value is none of them or no such date exists.
     */
    private static Instant parseDate(String v, Instant now, ZoneId zone) {
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
                        > YearMonth.of(Integer.parseInt(m.group(1)), month).lengthOfMonth() ? "day" : null;
        if (range != null) {
            throw new IllegalArgumentException("parsing time " + GoQuote.quote(v) + ": " + range + " out of range");
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9)));
            ZoneOffset offset = zoned ? (m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8)))
                    : zone.getRules().getOffset(now);
            return t.toInstant(offset);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** moby's parseTimestamp: seconds as Go's ParseInt, then optionally '.' and nanoseconds the same way. */
    private static boolean unixTimestamp(String v) {
        try {
            parse(v);
            return !v.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Go's strconv.ParseInt(s, 10, 64). */
    private static long goInt(String s) {
        if (!s.matches("[+-]?\\d+")) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoQuote.quote(s) + ": invalid syntax");
        }
        BigInteger v = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        if (v.bitLength() > 63) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoQuote.quote(s)
                    + ": value out of range");
        }
        return v.longValue();
    }
}
