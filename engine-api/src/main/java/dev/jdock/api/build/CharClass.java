package dev.jdock.api.build;

import java.util.ArrayList;
import java.util.List;

/** A {@code [...]} class of a .dockerignore pattern, read with the regular-expression rules moby hands it to. */
final class CharClass {
    private final boolean negated;
    private final List<char[]> ranges;

    private CharClass(boolean negated, List<char[]> ranges) {
        this.negated = negated;
        this.ranges = ranges;
    }

    record Parsed(CharClass cls, int end) {
    }

    /** Parses from just after {@code [}; {@code end} is the index of the closing {@code ]}. */
    static Parsed parse(String p, int i) {
        int n = p.length();
        boolean negated = i < n && p.charAt(i) == '^';
        if (negated) {
            i++;
        }
        List<char[]> ranges = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (i >= n) {
                throw new IllegalArgumentException("syntax error in pattern");
            }
            char c = p.charAt(i);
            if (c == ']' && !first) {
                return new Parsed(new CharClass(negated, List.copyOf(ranges)), i);
            }
            first = false;
            if (c == '\\') {
                if (++i >= n) {
                    throw new IllegalArgumentException("syntax error in pattern");
                }
                c = p.charAt(i);
            }
            char hi = c;
            if (i + 2 < n && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                hi = p.charAt(i + 2);
                i += 2;
                if (hi == '\\' && i + 1 < n) {
                    hi = p.charAt(++i);
                }
                if (hi < c) {
                    throw new IllegalArgumentException("syntax error in pattern");
                }
            }
            ranges.add(new char[] {c, hi});
            i++;
        }
    }

    boolean matches(char c) {
        boolean in = false;
        for (char[] r : ranges) {
            if (c >= r[0] && c <= r[1]) {
                in = true;
                break;
            }
        }
        return in != negated;
    }
}
