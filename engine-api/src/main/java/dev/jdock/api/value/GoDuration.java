package dev.jdock.api.value;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code time.ParseDuration} ("1m30s", "1.5h", ".5s", "300µs", "-2s", "0"), with Go's messages, for what the
 * docker CLI and dockerd read with it: Dockerfile HEALTHCHECK options, the CLI's {@code --since}/{@code --until} and
 * {@code --health-*} flags, the daemon's {@code until} filters. Ported step for step from Go's time/format.go: the
 * same scan over UTF-8 bytes, the same uint64 bounds (int64 nanoseconds, -2^63 included), the fraction of each
 * component added as Go adds it (in float64), the same quoting of the value in messages. And Go's
 * {@code Duration.String}, for the messages and texts that print one ({@link #format}).
 */
public final class GoDuration {
    /** 1 << 63, as an unsigned long. */
    private static final long TWO63 = Long.MIN_VALUE;

    private GoDuration() {
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5s}, {@code 1m30s}, {@code 1h0m0s}, {@code 500ms}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = Math.abs(nanos);
        if (u < 1_000_000_000L) {
            if (u < 1_000) {
                return sign + u + "ns";
            }
            return u < 1_000_000 ? sign + fraction(u, 3) + "\u00b5s" : sign + fraction(u, 6) + "ms";
        }
        long seconds = u / 1_000_000_000L;
        String s = fraction(seconds % 60 * 1_000_000_000L + u % 1_000_000_000L, 9) + "s";
        long minutes = seconds / 60;
        if (minutes == 0) {
            return sign + s;
        }
        long hours = minutes / 60;
        return sign + (hours > 0 ? hours + "h" : "") + minutes % 60 + "m" + s;
    }

    /** {@code v / 10^digits} with its fraction's trailing zeros (and a bare point) left out, as Go's fmtFrac. */
    private static String fraction(long v, int digits) {
        long unit = (long) Math.pow(10, digits);
        String frac = String.format("%0" + digits + "d", v % unit).replaceAll("0+$", "");
        return v / unit + (frac.isEmpty() ? "" : "." + frac);
    }

    /**
     * The duration in nanoseconds; an {@link IllegalArgumentException} with Go's message ({@code time: invalid
     * duration "x"}, {@code time: missing unit in duration "5"}, {@code time: unknown unit "y" in duration "5y"})
     * where Go refuses it, an overflow of int64 nanoseconds included.
     */
    public static long parseNanos(String orig) {
        byte[] s = orig.getBytes(StandardCharsets.UTF_8);
        int p = 0;
        boolean neg = false;
        if (s.length > 0 && (s[0] == '-' || s[0] == '+')) {
            neg = s[0] == '-';
            p = 1;
        }
        if (s.length - p == 1 && s[p] == '0') {
            return 0;
        }
        if (p == s.length) {
            throw invalid(orig);
        }
        long d = 0; // unsigned
        while (p < s.length) {
            if (!(s[p] == '.' || digit(s[p]))) {
                throw invalid(orig);
            }
            // [0-9]*
            int start = p;
            long v = 0;
            for (; p < s.length && digit(s[p]); p++) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO63, 10)) > 0) {
                    throw invalid(orig);
                }
                v = v * 10 + (s[p] - '0');
                if (Long.compareUnsigned(v, TWO63) > 0) {
                    throw invalid(orig);
                }
            }
            boolean pre = p != start;
            // (\.[0-9]*)?
            boolean post = false;
            long f = 0;
            double scale = 1;
            if (p < s.length && s[p] == '.') {
                p++;
                int fstart = p;
                boolean overflow = false;
                for (; p < s.length && digit(s[p]); p++) {
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true;
                        continue;
                    }
                    long y = f * 10 + (s[p] - '0');
                    if (Long.compareUnsigned(y, TWO63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = p != fstart;
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            int ustart = p;
            while (p < s.length && s[p] != '.' && !digit(s[p])) {
                p++;
            }
            if (p == ustart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(s, 0, s.length));
            }
            long unit = unitNanos(new String(s, ustart, p - ustart, StandardCharsets.UTF_8));
            if (unit == 0) {
                throw new IllegalArgumentException("time: unknown unit " + quote(s, ustart, p)
                        + " in duration " + quote(s, 0, s.length));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO63, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f > 0) {
                v += unsignedOf((double) f * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO63) > 0) {
                    throw invalid(orig);
                }
            }
            d += v;
            if (Long.compareUnsigned(d, TWO63) > 0) {
                throw invalid(orig);
            }
        }
        if (neg) {
            return -d;
        }
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
            throw invalid(orig);
        }
        return d;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Go's uint64(float64) for the values met here (0 <= x < 2^64). */
    private static long unsignedOf(double x) {
        return x < 0x1p63 ? (long) x : (long) (x - 0x1p63) ^ Long.MIN_VALUE;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0L;
        };
    }

    /** Go's time.quote of a whole string (the time package's messages). */
    static String timeQuote(String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        return quote(b, 0, b.length);
    }

    /** Go's time.quote: printable ASCII as is ('"' and '\' escaped), every other byte as \xNN. */
    private static String quote(byte[] s, int from, int to) {
        StringBuilder b = new StringBuilder(to - from + 2).append('"');
        for (int i = from; i < to; i++) {
            int c = s[i] & 0xff;
            if (c >= 0x80 || c < ' ') {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + timeQuote(orig));
    }
}
