package dev.jdock.daemon.api;

import java.util.Optional;

/**
 * The limits Go's regexp/syntax puts on a pattern before compiling it, which RE2/J (a port of an older Go) lacks:
 * RE2/J expands {@code ((a{1000}){1000}){1000}} until the heap is gone. A scan of the pattern's structure, linear
 * in its length: groups nest at most 1000 deep ("expression nests too deeply"), nested counted repetitions multiply
 * to at most 1000 ("invalid repeat count", Go's repeatIsValid), and the expanded program is estimated (literals,
 * classes and escapes 1, a repetition its operand times its count) and kept under {@link #MAX_SIZE} per pattern and
 * {@link Budget#TOTAL} per filter ("expression too large"; Go's own cap is larger, a filter pattern never needs it).
 * The estimate only over-counts, so a pattern it passes cannot expand beyond it.
 */
final class RegexLimits {
    static final int MAX_DEPTH = 1000;
    static final int MAX_REPEAT = 1000;
    static final long MAX_SIZE = 50_000;

    /** What the patterns of one filter may expand to in total. */
    static final class Budget {
        static final long TOTAL = 500_000;
        private long left = TOTAL;
    }

    private final String p;
    private int i;
    private int depth;

    private RegexLimits(String p) {
        this.p = p;
    }

    /** Go's error for the pattern when it breaks a limit, else empty (the size is taken from the budget). */
    static Optional<String> check(String pattern, Budget budget) {
        RegexLimits s = new RegexLimits(pattern);
        try {
            long size = s.alternation()[0];
            if (size > MAX_SIZE || size > budget.left) {
                throw new Refused("expression too large");
            }
            budget.left -= size;
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of("error parsing regexp: " + e.getMessage());
        }
    }

    /** {size, largest product of nested counted repetitions} of the alternation up to ')' or the end. */
    private long[] alternation() {
        long size = 0;
        long product = 1;
        while (i < p.length() && p.charAt(i) != ')') {
            if (p.charAt(i) == '|') {
                i++;
                size++;
                continue;
            }
            long[] t = term();
            size = Math.addExact(size, t[0]);
            product = Math.max(product, t[1]);
            if (size > MAX_SIZE) {
                throw new Refused("expression too large");
            }
        }
        return new long[] {size, product};
    }

    /** One atom and the repetition operators after it. */
    private long[] term() {
        long[] t = atom();
        while (i < p.length()) {
            char c = p.charAt(i);
            int[] r = c == '{' ? repeatAhead() : null;
            if (c == '*' || c == '+' || c == '?') {
                i++;
                t = new long[] {t[0] + 1, t[1]};
            } else if (r != null) {
                t = repeat(t, r);
            } else {
                break;
            }
            if (i < p.length() && p.charAt(i) == '?') {
                i++; // non-greedy
            }
        }
        return t;
    }

    private long[] repeat(long[] t, int[] r) {
        int min = r[0];
        int max = r[1];
        if (min > MAX_REPEAT || max > MAX_REPEAT || max >= 0 && min > max) {
            throw new Refused("invalid repeat count");
        }
        int m = max >= 0 ? max : min;
        long product = t[1];
        if (m > 0) {
            product = m * t[1];
            if (product > MAX_REPEAT) {
                throw new Refused("invalid repeat count");
            }
        }
        long count = max >= 0 ? max : min + 1L;
        long size = Math.max(1, count) * t[0] + count;
        if (size > MAX_SIZE) {
            throw new Refused("expression too large");
        }
        return new long[] {size, product};
    }

    /** {min, max (-1: none)} and moves past a well-formed {n}, {n,} or {n,m}; null (and stays) if not one. */
    private int[] repeatAhead() {
        int j = i + 1;
        int start = j;
        while (j < p.length() && Character.isDigit(p.charAt(j)) && j - start < 8) {
            j++;
        }
        if (j == start || j >= p.length()) {
            return null;
        }
        int min = Integer.parseInt(p.substring(start, j));
        int max = min;
        if (p.charAt(j) == ',') {
            int s2 = ++j;
            while (j < p.length() && Character.isDigit(p.charAt(j)) && j - s2 < 8) {
                j++;
            }
            max = j == s2 ? -1 : Integer.parseInt(p.substring(s2, j));
        }
        if (j >= p.length() || p.charAt(j) != '}') {
            return null;
        }
        i = j + 1;
        return new int[] {min, max};
    }

    private long[] atom() {
        char c = p.charAt(i);
        switch (c) {
            case '(':
                return group();
            case '[':
                skipClass();
                return new long[] {1, 1};
            case '\\':
                return escape();
            default:
                i++;
                return new long[] {1, 1};
        }
    }

    private long[] group() {
        i++;
        if (i < p.length() && p.charAt(i) == '?') {
            int j = i + 1;
            while (j < p.length() && p.charAt(j) != ')' && p.charAt(j) != ':' && p.charAt(j) != '>') {
                j++;
            }
            if (j < p.length() && p.charAt(j) == ')') {
                i = j + 1; // (?flags): sets flags, no group
                return new long[] {0, 1};
            }
            i = Math.min(j + 1, p.length());
        }
        if (++depth > MAX_DEPTH) {
            throw new Refused("expression nests too deeply");
        }
        long[] inner = alternation();
        depth--;
        if (i < p.length()) {
            i++; // ')'
        }
        return new long[] {inner[0] + 1, inner[1]};
    }

    private long[] escape() {
        i++;
        if (i >= p.length()) {
            return new long[] {1, 1};
        }
        char c = p.charAt(i++);
        if (c == 'Q') {
            int end = p.indexOf("\\E", i);
            int stop = end < 0 ? p.length() : end;
            long n = Math.max(1, stop - i);
            i = end < 0 ? p.length() : end + 2;
            return new long[] {n, 1};
        }
        if ((c == 'p' || c == 'P' || c == 'x') && i < p.length() && p.charAt(i) == '{') {
            int end = p.indexOf('}', i);
            i = end < 0 ? p.length() : end + 1;
        } else if (c == 'p' || c == 'P') {
            i = Math.min(i + 1, p.length());
        }
        return new long[] {1, 1};
    }

    /** Past a class: [^]...], [:name:] and escapes inside; to the end when unterminated (RE2/J then refuses). */
    private void skipClass() {
        i++;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length() && p.charAt(i) != ']') {
            if (p.startsWith("[:", i) && p.indexOf(":]", i + 2) >= 0) {
                i = p.indexOf(":]", i + 2) + 2;
            } else if (p.charAt(i) == '\\') {
                escape();
            } else {
                i++;
            }
        }
        i = Math.min(i + 1, p.length());
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
