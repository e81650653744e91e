package dev.jdock.daemon.build.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.ParseDuration} ("1m30s", "1.5h", "300ms", "-2s"), as HEALTHCHECK's options are read. */
final class GoDuration {
    private GoDuration() {
    }

    static Duration parse(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
                throw invalid(orig);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new ParseFailure("time: missing unit in duration \"" + orig + "\"");
            }
            nanos = nanos.add(new BigDecimal(num).multiply(BigDecimal.valueOf(unitNanos(unit, orig))));
        }
        long n = nanos.longValue();
        return Duration.ofNanos(neg ? -n : n);
    }

    private static long unitNanos(String unit, String orig) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                throw new ParseFailure("time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
        }
    }

    private static ParseFailure invalid(String orig) {
        return new ParseFailure("time: invalid duration \"" + orig + "\"");
    }
}
