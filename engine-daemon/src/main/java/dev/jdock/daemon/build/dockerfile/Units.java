package dev.jdock.daemon.build.dockerfile;

import java.math.BigDecimal;
import java.util.Locale;

/** go-units' {@code RAMInBytes}: "64m", "1.5g", "512kb", "100" (bytes); binary (1024) multiples. */
final class Units {
    private Units() {
    }

    /** The size in bytes, or null when {@code s} is not one. */
    static Long ramInBytes(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        String num = t.substring(0, i);
        String unit = t.substring(i).stripLeading();
        if (num.isEmpty() || num.startsWith(".") || num.endsWith(".")) {
            return null;
        }
        if (unit.endsWith("b")) {
            unit = unit.substring(0, unit.length() - 1);
        }
        if (unit.endsWith("i")) {
            unit = unit.substring(0, unit.length() - 1);
        }
        int power = unit.isEmpty() ? 0 : "kmgtp".indexOf(unit.charAt(0)) + 1;
        if (unit.length() > 1 || power < 0 || (power == 0 && !unit.isEmpty())) {
            return null;
        }
        try {
            return new BigDecimal(num).multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
