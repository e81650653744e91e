package dev.jdock.api.types.common;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Docker's human-readable units (go-units): durations as in {@code "Up 3 seconds"} / {@code "5 minutes ago"},
 * and decimal sizes with three significant digits as in {@code "4.26MB"}. Shared by the daemon (Status strings)
 * and the CLI (tables).
 */
public final class HumanUnits {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private HumanUnits() {
    }

    /** go-units {@code HumanDuration}: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks"… */
    public static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = (long) (d.toMillis() / 3_600_000.0 + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return seconds / 3600 / 24 / 365 + " years";
    }

    /** go-units {@code HumanSizeWithPrecision(size, 3)}: decimal units, Go {@code %.3g} formatting. */
    public static String size(double bytes) {
        int i = 0;
        double s = bytes;
        while (s >= 1000.0 && i < DECIMAL.length - 1) {
            s /= 1000.0;
            i++;
        }
        return formatG3(s) + DECIMAL[i];
    }

    /** Go's {@code %.3g}: 3 significant digits, trailing zeros dropped, exponent form when the exponent ≥ 3. */
    static String formatG3(double v) {
        return formatG(v, 3);
    }

    private static final long[] POW10 = {1, 10, 100, 1000, 10_000};

    /**
     * Go's {@code %.<digits>g} (1 ≤ digits ≤ 4) for v ≥ 0: significant digits rounded half-to-even on the exact
     * binary value, trailing zeros dropped, exponent form when the exponent is below -4 or at least {@code digits}.
     * Sizes (1 ≤ v < 10^digits after the unit division) take an exact integer path: a first BigDecimal costs a
     * short-lived CLI about 10 ms; other values take BigDecimal.
     */
    public static String formatG(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        String fast = fastG(v, digits);
        return fast != null ? fast : exactG(v, digits);
    }

    /** v = m·2^e exactly, so v·10^k rounds half-to-even in long arithmetic (m·10^k < 2^63 for k ≤ 3). */
    static String fastG(double v, int digits) {
        if (digits < 1 || digits > 4 || !(v >= 1 && v < POW10[digits])) {
            return null;
        }
        int d = 0; // v has d+1 integer digits
        while (d + 1 < digits && v >= POW10[d + 1]) {
            d++;
        }
        long bits = Double.doubleToRawLongBits(v);
        int shift = 1075 - (int) ((bits >>> 52) & 0x7ff); // v = m / 2^shift
        if (shift <= 0 || shift >= 63) {
            return null;
        }
        long p = ((bits & 0xF_FFFF_FFFF_FFFFL) | (1L << 52)) * POW10[digits - 1 - d];
        long q = p >>> shift;
        long rem = p & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        long r = rem > half || (rem == half && (q & 1) == 1) ? q + 1 : q;
        if (r >= POW10[digits]) {
            return null; // rounded up to the next power of ten: the exact path decides its form
        }
        String ds = Long.toString(r);
        int end = ds.length();
        while (end > d + 1 && ds.charAt(end - 1) == '0') {
            end--;
        }
        return end == d + 1 ? ds.substring(0, d + 1) : ds.substring(0, d + 1) + "." + ds.substring(d + 1, end);
    }

    static String exactG(double v, int digits) {
        BigDecimal bd = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= digits) {
            BigDecimal mant = bd.movePointLeft(exponent).stripTrailingZeros();
            String e = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            return mant.toPlainString() + "e" + e;
        }
        return bd.stripTrailingZeros().toPlainString();
    }
}
