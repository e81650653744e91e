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
        if (v == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= 3) {
            BigDecimal mant = bd.movePointLeft(exponent).stripTrailingZeros();
            String e = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            return mant.toPlainString() + "e" + e;
        }
        return bd.stripTrailingZeros().toPlainString();
    }
}
