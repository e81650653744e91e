package dev.jdock.api.value;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Go's {@code time.ParseDuration} ("1m30s", "1.5h", ".5s", "300µs", "-2s", "0"), with Go's messages, for what the
 * docker CLI and dockerd read with it: Dockerfile HEALTHCHECK options, the CLI's {@code --since}/{@code --until}.
 */
public final class GoDuration {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * The duration in nanoseconds; an {@link IllegalArgumentException} with Go's message ({@code time: invalid
     * duration "x"}, {@code time: missing unit in duration "5"}, {@code time: unknown unit "y" in duration "5y"})
     * where Go refuses it, an overflow of int64 nanoseconds included.
     */
    public static long parseNanos(String orig) {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
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
                throw new IllegalArgumentException("time: missing unit in duration \"" + orig + "\"");
            }
            nanos = nanos.add(new BigDecimal(num).multiply(BigDecimal.valueOf(unitNanos(unit, orig))));
        }
        BigInteger n = nanos.toBigInteger();
        if (n.compareTo(MAX) > 0) {
            throw invalid(orig);
        }
        return neg ? -n.longValue() : n.longValue();
    }

    private static long unitNanos(String unit, String orig) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \""
                    + orig + "\"");
        };
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
    }
}
