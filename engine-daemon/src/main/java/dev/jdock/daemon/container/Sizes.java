package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import java.util.Locale;

/** Docker's size strings for log options: "10m", "1g", "512k", "100" (bytes); -1 for absent. */
final class Sizes {
    private Sizes() {
    }

    static long parse(String s) {
        if (s == null || s.isEmpty() || s.equals("-1")) {
            return -1;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> mult = 1024L;
            case 'm' -> mult = 1024L * 1024;
            case 'g' -> mult = 1024L * 1024 * 1024;
            default -> {
                mult = 1;
            }
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return (long) (Double.parseDouble(t) * mult);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid size: '" + s + "'");
        }
    }
}
