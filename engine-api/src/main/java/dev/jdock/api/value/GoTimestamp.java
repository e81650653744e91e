package dev.jdock.api.value;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Docker's time values ({@code --since}/{@code --until} of the CLI, the daemon's {@code until} filters) as moby's
 * api/types/time reads them. {@link #get} is GetTimestamp: a Go duration relative to now ({@code 10m}, {@code -1h},
 * {@code .5s}; not {@code 0}) as whole seconds; a date in one of its layouts (RFC 3339 with or without fractions,
 * {@code 2006-01-02T15}, {@code 2006-01-02T15:04}, {@code 2006-01-02}; in the zone's offset of now when it has none)
 * as {@code seconds.nanoseconds}; else a unix timestamp ({@code 1700000000}, {@code 1700000000.5}) passed as given.
 * {@link #parse} is ParseTimestamps of what it returns. Refusals are {@link IllegalArgumentException}s with Go's
 * messages (time.Parse's for a value with a '-' that is no date).
 */
public final class GoTimestamp {
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
     * GetTimestamp's choice of layout, then Go's time.Parse (or ParseInLocation in the zone's offset of now); null
     * where it fails and the value has no '-' (moby then tries a unix timestamp), Go's ParseError where it has one.
     */
    private static Instant parseDate(String v, Instant now, ZoneId zone) {
        boolean inLocation = v.chars().noneMatch(c -> c == 'z' || c == 'Z' || c == '+')
                && v.chars().filter(c -> c == '-').count() != 3;
        String layout;
        if (v.contains(".")) {
            layout = inLocation ? "2006-01-02T15:04:05.999999999" : "2006-01-02T15:04:05.999999999Z07:00";
        } else if (v.contains("T")) {
            long colons = v.chars().filter(c -> c == ':').count();
            if (!inLocation && v.chars().noneMatch(c -> c == 'z' || c == 'Z') && colons > 0) {
                colons--;
            }
            String t = colons == 0 ? "T15" : colons == 1 ? "T15:04" : "T15:04:05";
            layout = "2006-01-02" + t + (inLocation ? "" : "Z07:00");
        } else {
            layout = inLocation ? "2006-01-02" : "2006-01-02Z07:00";
        }
        try {
            return GoTimeParse.parse(layout, v, inLocation ? zone.getRules().getOffset(now).getTotalSeconds() : 0);
        } catch (IllegalArgumentException e) {
            if (v.contains("-")) {
                throw e;
            }
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
