package dev.jdock.api.value;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Go's {@code time.Parse} for the layouts moby's GetTimestamp uses (built of {@code 2006 01 02 15 04 05 .999999999
 * Z07:00} and literals), ported from Go's time/format.go with its ParseError messages: {@code parsing time "V" as
 * "L": cannot parse "rest" as "elem"}, {@code parsing time "V": month out of range}, {@code ... extra text: "x"}.
 */
final class GoTimeParse {
    private enum Std {
        FRAC9(".999999999"), TZ("Z07:00"), YEAR("2006"), MONTH("01"), DAY("02"), HOUR("15"), MINUTE("04"),
        SECOND("05");

        final String text;

        Std(String text) {
            this.text = text;
        }
    }

    private GoTimeParse() {
    }

    /**
     * The time in unix seconds and nanoseconds as an {@link java.time.Instant}; {@code localOffset} (seconds east of
     * UTC) where the value has no zone. Go's ParseError as an {@link IllegalArgumentException} otherwise.
     */
    static java.time.Instant parse(String layout, String value, int localOffset) {
        String v = value;
        int year = 0;
        int month = -1;
        int day = -1;
        int hour = 0;
        int min = 0;
        int sec = 0;
        int nsec = 0;
        Integer zoneOffset = null;
        int li = 0;
        while (true) {
            // nextStdChunk: the literal prefix and the next std element
            int stdAt = li;
            Std std = null;
            for (; stdAt < layout.length(); stdAt++) {
                std = stdAt(layout, stdAt);
                if (std != null) {
                    break;
                }
            }
            String prefix = layout.substring(li, stdAt);
            for (int k = 0; k < prefix.length(); k++) { // skip (no spaces in these layouts)
                if (v.isEmpty() || v.charAt(0) != prefix.charAt(k)) {
                    throw error(layout, value, prefix, v, "");
                }
                v = v.substring(1);
            }
            if (std == null) {
                if (!v.isEmpty()) {
                    throw error(layout, value, "", v, ": extra text: " + GoDuration.timeQuote(v));
                }
                break;
            }
            li = stdAt + std.text.length();
            String hold = v;
            String range = null;
            boolean bad = false;
            switch (std) {
                case YEAR -> {
                    if (v.length() < 4 || !digit(v, 0) || !digit(v, 1) || !digit(v, 2) || !digit(v, 3)) {
                        bad = true;
                    } else {
                        year = Integer.parseInt(v.substring(0, 4));
                        v = v.substring(4);
                    }
                }
                case MONTH, DAY, MINUTE, SECOND, HOUR -> {
                    boolean fixed = std != Std.HOUR;
                    if (!digit(v, 0) || (fixed && !digit(v, 1))) {
                        bad = true;
                        break;
                    }
                    int n = digit(v, 1) ? (v.charAt(0) - '0') * 10 + v.charAt(1) - '0' : v.charAt(0) - '0';
                    v = v.substring(digit(v, 1) ? 2 : 1);
                    switch (std) {
                        case MONTH -> {
                            month = n;
                            range = n <= 0 || n > 12 ? "month" : null;
                        }
                        case DAY -> day = n;
                        case HOUR -> {
                            hour = n;
                            range = n >= 24 ? "hour" : null;
                        }
                        case MINUTE -> {
                            min = n;
                            range = n >= 60 ? "minute" : null;
                        }
                        default -> {
                            sec = n;
                            if (n >= 60) {
                                range = "second";
                            } else if (v.length() >= 2 && commaOrPeriod(v.charAt(0)) && digit(v, 1)
                                    && nextStd(layout, li) != Std.FRAC9) { // a fraction the layout does not have
                                int k = 2;
                                while (k < v.length() && digit(v, k)) {
                                    k++;
                                }
                                nsec = nanoseconds(v, k);
                                v = v.substring(k);
                            }
                        }
                    }
                }
                case FRAC9 -> {
                    if (v.length() >= 2 && commaOrPeriod(v.charAt(0)) && digit(v, 1)) {
                        int i = 0;
                        while (i + 1 < v.length() && digit(v, i + 1)) {
                            i++;
                        }
                        nsec = nanoseconds(v, 1 + i);
                        v = v.substring(1 + i);
                    }
                }
                case TZ -> {
                    if (!v.isEmpty() && v.charAt(0) == 'Z') {
                        v = v.substring(1);
                        zoneOffset = 0;
                        break;
                    }
                    if (v.length() < 6 || v.charAt(3) != ':' || !digit(v, 1) || !digit(v, 2) || !digit(v, 4)
                            || !digit(v, 5)) {
                        bad = true;
                        break;
                    }
                    int hr = Integer.parseInt(v.substring(1, 3));
                    int mm = Integer.parseInt(v.substring(4, 6));
                    range = mm > 60 ? "time zone offset minute" : hr > 24 ? "time zone offset hour" : null;
                    bad = v.charAt(0) != '+' && v.charAt(0) != '-'; // a range error is reported first
                    zoneOffset = (v.charAt(0) == '-' ? -1 : 1) * (hr * 60 + mm) * 60;
                    v = v.substring(6);
                }
                default -> throw new AssertionError(std);
            }
            if (range != null) {
                throw error(layout, value, std.text, v, ": " + range + " out of range");
            }
            if (bad) {
                throw error(layout, value, std.text, hold, "");
            }
        }
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            throw error(layout, value, "", v, ": day out of range");
        }
        long local = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + min * 60L + sec;
        return java.time.Instant.ofEpochSecond(local - (zoneOffset != null ? zoneOffset : localOffset), nsec);
    }

    private static Std stdAt(String layout, int i) {
        for (Std s : Std.values()) {
            if (layout.startsWith(s.text, i)) {
                return s;
            }
        }
        return null;
    }

    private static Std nextStd(String layout, int from) {
        for (int i = from; i < layout.length(); i++) {
            Std s = stdAt(layout, i);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** Go's parseNanoseconds: value[0] is '.' or ',', then digits; at most 9 of them count. */
    private static int nanoseconds(String v, int nbytes) {
        int n = Math.min(nbytes, 10);
        int ns = Integer.parseInt(v.substring(1, n));
        for (int i = 0; i < 10 - n; i++) {
            ns *= 10;
        }
        return ns;
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static boolean commaOrPeriod(char c) {
        return c == '.' || c == ',';
    }

    private static IllegalArgumentException error(String layout, String value, String layoutElem, String valueElem,
            String message) {
        String head = "parsing time " + GoDuration.timeQuote(value);
        return new IllegalArgumentException(message.isEmpty() ? head + " as " + GoDuration.timeQuote(layout)
                + ": cannot parse " + GoDuration.timeQuote(valueElem) + " as " + GoDuration.timeQuote(layoutElem)
                : head + message);
    }
}
