package dev.jdock.daemon.build;

import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.value.GoDuration;
import dev.jdock.api.value.GoQuote;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Go's {@code fmt} verbs where moby's classic builder prints a value with them into a step's history: {@code %q}
 * of a {@code *container.HealthConfig} ({@code HEALTHCHECK &{["CMD-SHELL" "true"] "1s" "0s" "0s" "0s" '\x03'}}),
 * with {@code time.Duration}'s String and {@code strconv.QuoteRune} for the int.
 */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code fmt.Sprintf("%q", h)} of moby 28's HealthConfig (Test, four durations, Retries). */
    static String healthConfig(HealthConfig h) {
        String test = h.test() == null ? "[]" : h.test().stream().map(GoQuote::quote)
                .collect(Collectors.joining(" ", "[", "]"));
        List<Long> durations = java.util.Arrays.asList(h.interval(), h.timeout(), h.startPeriod(), h.startInterval());
        StringBuilder b = new StringBuilder("&{").append(test);
        for (Long d : durations) {
            b.append(' ').append(GoQuote.quote(GoDuration.format(d == null ? 0 : d)));
        }
        long retries = h.retries() == null ? 0 : h.retries().longValue(); // Go's int: 64 bits
        return b.append(' ').append(quoteRune(retries)).append('}').toString();
    }

    /**
     * Go's {@code %q} of an integer, {@code strconv.QuoteRune}: {@code 'A'}, {@code '\n'}, {@code '\x03'},
     * {@code '\u0085'}; a value that is no rune (negative, above U+10FFFF, a surrogate) is U+FFFD.
     */
    static String quoteRune(long value) {
        int r = value < 0 || value > Character.MAX_CODE_POINT ? -1 : (int) value;
        String body = switch (r) {
            case 7 -> "\\a";
            case 8 -> "\\b";
            case 12 -> "\\f";
            case 10 -> "\\n";
            case 13 -> "\\r";
            case 9 -> "\\t";
            case 11 -> "\\v";
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            default -> escaped(r);
        };
        return "'" + body + "'";
    }

    private static String escaped(int r) {
        if (r < 0 || (r >= 0xD800 && r <= 0xDFFF)) {
            return "\uFFFD"; // Go prints utf8.RuneError for an invalid rune
        }
        if (r < ' ' || r == 0x7f) {
            return String.format("\\x%02x", r);
        }
        if (printable(r)) {
            return new String(Character.toChars(r));
        }
        return r < 0x10000 ? String.format("\\u%04x", r) : String.format("\\U%08x", r);
    }

    /** Close to Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean printable(int r) {
        if (r == ' ') {
            return true;
        }
        return switch (Character.getType(r)) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
