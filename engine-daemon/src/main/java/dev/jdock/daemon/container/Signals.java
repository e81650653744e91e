package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import java.util.Locale;
import java.util.Map;

/** Signal names as Docker accepts them: "SIGTERM", "TERM", "term" or "15". */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));

    private Signals() {
    }

    /**
     * moby's kill: ParseSignal, then ValidSignalForPlatform: a number Linux has no signal for (32, 33, above 64,
     * negative) is {@code the linux daemon does not support signal N}.
     */
    public static int parseSupported(String s) {
        try {
            long v = Long.parseLong(s.trim());
            if (v != 0 && !(v >= 1 && v <= 31 || v >= 34 && v <= 64)) {
                throw EngineException.invalid("the linux daemon does not support signal " + v);
            }
        } catch (NumberFormatException e) {
            // a name: ParseSignal's words below
        }
        return parse(s);
    }

    public static int parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        Integer n = BY_NAME.get(t);
        if (n != null) {
            return n;
        }
        if (t.startsWith("RTMIN") || t.startsWith("RTMAX")) {
            int base = t.startsWith("RTMIN") ? 34 : 64;
            String off = t.substring(5);
            try {
                int rt = base + (off.isEmpty() ? 0 : Integer.parseInt(off.replace("+", "")));
                if (rt >= 34 && rt <= 64) {
                    return rt;
                }
            } catch (NumberFormatException e) {
                // not an offset: invalid below
            }
            throw EngineException.invalid("Invalid signal: " + s);
        }
        try {
            int v = Integer.parseInt(t);
            if (v > 0 && v <= 64) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw EngineException.invalid("Invalid signal: " + s);
    }
}
