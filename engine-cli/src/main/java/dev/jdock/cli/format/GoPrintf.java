package dev.jdock.cli.format;

import dev.jdock.api.value.GoQuote;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Go's {@code fmt.Sprintf} for the template function {@code printf}, over the values a template holds (strings,
 * {@code Long} ints, {@code Double} floats, booleans, lists, maps, Go structs): flags {@code - + # 0} and space,
 * width and precision, the verbs {@code v s q d b o O x X c U e E f F g G t T %}; a verb that does not fit its value
 * prints Go's {@code %!d(string=abc)}, a missing operand {@code %!s(MISSING)}, operands left over
 * {@code %!(EXTRA string=a, int=1)}. Widths count runes, as Go's.
 */
final class GoPrintf {
    private GoPrintf() {
    }

    /** One conversion's flags, width and precision (-1: none). */
    private record Spec(boolean minus, boolean plus, boolean sharp, boolean zero, boolean space, int width,
            int precision) {
    }

    static String sprintf(String format, List<Object> args, Function<Object, String> printV) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            boolean minus = false;
            boolean plus = false;
            boolean sharp = false;
            boolean zero = false;
            boolean space = false;
            for (; i < format.length(); i++) {
                char f = format.charAt(i);
                if (f == '-') {
                    minus = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == '#') {
                    sharp = true;
                } else if (f == '0') {
                    zero = true;
                } else if (f == ' ') {
                    space = true;
                } else {
                    break;
                }
            }
            int width = -1;
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i)) && i - start < 7) {
                i++;
            }
            if (i > start) {
                width = Integer.parseInt(format.substring(start, i));
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i)) && i - start < 7) {
                    i++;
                }
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object v = args.get(next++);
            Spec spec = new Spec(minus, plus, sharp, zero && !minus, space, width, precision);
            out.append(convert(verb, v, spec, printV));
        }
        if (next < args.size()) {
            List<String> extra = new ArrayList<>();
            for (Object v : args.subList(next, args.size())) {
                extra.add(v == null ? "<nil>" : type(v) + "=" + printV.apply(v));
            }
            out.append("%!(EXTRA ").append(String.join(", ", extra)).append(')');
        }
        return out.toString();
    }

    private static String convert(char verb, Object v, Spec s, Function<Object, String> printV) {
        if (verb == 'T') {
            return pad(v == null ? "<nil>" : type(v), s, false);
        }
        if (v == null || v == FormatTemplate.NO_VALUE) {
            return verb == 'v' ? pad("<nil>", s, false) : "%!" + verb + "(<nil>)";
        }
        if (v instanceof Long || v instanceof Integer) {
            return integer(verb, ((Number) v).longValue(), s, v, printV);
        }
        if (v instanceof Double d) {
            return floating(verb, d, s, printV);
        }
        if (v instanceof Boolean b) {
            return verb == 't' || verb == 'v' ? pad(b.toString(), s, false) : bad(verb, v, printV);
        }
        if (v instanceof String str) {
            return string(verb, str, s, printV);
        }
        if (v instanceof GoJsonNumber n) { // a string type with a String method
            return verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X' ? string(verb, n.text(), s,
                    printV) : bad(verb, v, printV);
        }
        if (v instanceof GoDurationValue d && verb != 'v' && verb != 's') { // an int64 with a String method
            return integer(verb, d.nanos(), s, v, printV);
        }
        return verb == 'v' || verb == 's' ? pad(printV.apply(v), s, false) : bad(verb, v, printV);
    }

    private static String string(char verb, String str, Spec s, Function<Object, String> printV) {
        String t = s.precision() >= 0 ? runes(str, s.precision()) : str;
        return switch (verb) {
            case 'v', 's' -> pad(t, s, s.zero());
            case 'q' -> pad(GoQuote.quote(t), s, false);
            case 'x', 'X' -> {
                StringBuilder h = new StringBuilder();
                for (byte b : t.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    h.append(String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff));
                }
                yield pad(h.toString(), s, false);
            }
            default -> bad(verb, str, printV);
        };
    }

    private static String integer(char verb, long n, Spec s, Object v, Function<Object, String> printV) {
        String digits;
        String prefix = "";
        switch (verb) {
            case 'v', 'd' -> digits = Long.toString(Math.abs(n));
            case 'b' -> digits = Long.toBinaryString(Math.abs(n));
            case 'o', 'O' -> {
                digits = Long.toOctalString(Math.abs(n));
                prefix = verb == 'O' ? "0o" : s.sharp() ? "0" : "";
            }
            case 'x', 'X' -> {
                digits = Long.toHexString(Math.abs(n));
                if (verb == 'X') {
                    digits = digits.toUpperCase(Locale.ROOT);
                }
                prefix = s.sharp() ? verb == 'x' ? "0x" : "0X" : "";
            }
            case 'c' -> {
                return pad(new String(Character.toChars((int) n)), s, false);
            }
            case 'q' -> {
                return pad("'" + new String(Character.toChars((int) n)) + "'", s, false);
            }
            case 'U' -> {
                return pad(String.format("U+%04X", n), s, false);
            }
            default -> {
                return bad(verb, v, printV);
            }
        }
        if (n == Long.MIN_VALUE) {
            digits = verb == 'd' || verb == 'v' ? "9223372036854775808" : digits;
        }
        if (s.precision() >= 0 && digits.length() < s.precision()) {
            digits = "0".repeat(s.precision() - digits.length()) + digits;
        } else if (s.precision() == 0 && n == 0) {
            digits = "";
        }
        String sign = n < 0 ? "-" : s.plus() ? "+" : s.space() ? " " : "";
        return signed(sign + prefix, digits, s, s.precision() < 0);
    }

    private static String floating(char verb, double d, Spec s, Function<Object, String> printV) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String t = Double.isNaN(d) ? "NaN" : d > 0 ? (s.plus() ? "+Inf" : "Inf") : "-Inf";
            return pad(t, s, false);
        }
        String body;
        switch (verb) {
            case 'v', 'g', 'G' -> body = s.precision() < 0 ? shortest(Math.abs(d))
                    : String.format(Locale.ROOT, "%." + Math.max(1, s.precision()) + "g", Math.abs(d));
            case 'f', 'F' -> body = new BigDecimal(Math.abs(d)).setScale(s.precision() < 0 ? 6 : s.precision(),
                    RoundingMode.HALF_EVEN).toPlainString();
            case 'e', 'E' -> body = String.format(Locale.ROOT, "%." + (s.precision() < 0 ? 6 : s.precision()) + "e",
                    Math.abs(d));
            default -> {
                return bad(verb, d, printV);
            }
        }
        if (verb == 'E' || verb == 'G') {
            body = body.toUpperCase(Locale.ROOT);
        }
        String sign = d < 0 || 1 / d < 0 ? "-" : s.plus() ? "+" : s.space() ? " " : "";
        return signed(sign, body, s, true);
    }

    /**
     * Go's {@code %v} of a float64 ({@code strconv.FormatFloat(f, 'g', -1, 64)}): the shortest digits that read back
     * as {@code d}, in e-notation when the exponent is below -4 or at least 6 ({@code 1e+08}, {@code 1.5e-05}).
     */
    static String shortest(double d) {
        return shortest(d, false);
    }

    /**
     * A float64 as Go's encoding/json writes it: the shortest digits, in e-notation only below 1e-6 or from 1e21
     * ({@code 1e+21}, {@code 1e-7}).
     */
    static String json(double d) {
        return shortest(d, true);
    }

    private static String shortest(double d, boolean json) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int exp = digits.length() - 1 - b.scale();
        String sign = d < 0 ? "-" : "";
        boolean e = json ? Math.abs(d) < 1e-6 || Math.abs(d) >= 1e21 : exp < -4 || exp >= 6;
        if (!e) {
            return sign + b.toPlainString();
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String pad = Math.abs(exp) < 10 && !(json && exp < 0) ? "0" : ""; // json cleans e-09 up to e-9
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + pad + Math.abs(exp);
    }

    /** A number: its sign (and prefix) before the zeros of a zero-padded width. */
    private static String signed(String sign, String digits, Spec s, boolean zeroPadAllowed) {
        int len = sign.length() + digits.length();
        if (s.width() > len && s.zero() && zeroPadAllowed) {
            return sign + "0".repeat(s.width() - len) + digits;
        }
        return pad(sign + digits, s, false);
    }

    private static String pad(String t, Spec s, boolean zeros) {
        int n = t.codePointCount(0, t.length());
        if (s.width() <= n) {
            return t;
        }
        String fill = (zeros ? "0" : " ").repeat(s.width() - n);
        return s.minus() ? t + fill : fill + t;
    }

    private static String runes(String t, int n) {
        return t.codePointCount(0, t.length()) <= n ? t : t.substring(0, t.offsetByCodePoints(0, n));
    }

    /** Go's {@code %!verb(type=value)} for an operand the verb does not take. */
    private static String bad(char verb, Object v, Function<Object, String> printV) {
        return "%!" + verb + "(" + type(v) + "=" + printV.apply(v) + ")";
    }

    /** The Go type of a template value, as %T, printf's error forms and the template's errors name it. */
    static String type(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof GoDurationValue) {
            return "time.Duration";
        }
        if (v instanceof GoJsonNumber) {
            return "json.Number";
        }
        if (v instanceof List) {
            return "[]interface {}";
        }
        if (v instanceof java.util.Map) {
            return "map[string]interface {}";
        }
        return "interface {}";
    }
}
