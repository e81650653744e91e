package dev.jdock.daemon.image;

import dev.jdock.daemon.errors.EngineException;

/**
 * Go's {@code path.Match}, which moby's reference filter uses: {@code *} is any run of characters but '/',
 * {@code ?} one character but '/', {@code [...]} a class (ranges, {@code ^} negates), {@code \} escapes. Each
 * star-free chunk is matched at the first place it fits and never revisited (Go's algorithm), so a pattern costs
 * at most (pattern length × name length) steps: the JDK's glob became a backtracking regex, polynomial in the stars.
 * A malformed pattern is Go's "syntax error in pattern".
 */
final class PathGlob {
    private PathGlob() {
    }

    static boolean matches(String pattern, String name) {
        int[] pat = pattern.codePoints().toArray();
        int[] s = name.codePoints().toArray();
        int p = 0;
        int n = 0;
        while (p < pat.length) {
            boolean star = false;
            while (p < pat.length && pat[p] == '*') {
                star = true;
                p++;
            }
            int end = chunkEnd(pat, p);
            boolean last = end == pat.length;
            if (star && p == end) {
                return indexOf(s, n, '/') < 0; // a trailing star takes the rest unless it holds '/'
            }
            int m = matchChunk(pat, p, end, s, n);
            if (m >= 0 && (m == s.length || !last)) {
                n = m;
                p = end;
                continue;
            }
            int found = -1;
            for (int i = n; star && found < 0 && i < s.length && s[i] != '/'; i++) {
                int t = matchChunk(pat, p, end, s, i + 1);
                if (t >= 0 && !(last && t < s.length)) {
                    found = t;
                }
            }
            if (found < 0) {
                validateRest(pat, end);
                return false;
            }
            n = found;
            p = end;
        }
        return n == s.length;
    }

    /** The end of the chunk starting at p: the next '*' outside a class. */
    private static int chunkEnd(int[] pat, int p) {
        boolean inClass = false;
        int i = p;
        for (; i < pat.length; i++) {
            int c = pat[i];
            if (c == '\\' && i + 1 < pat.length) {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '*' && !inClass) {
                break;
            }
        }
        return i;
    }

    /** Where the chunk pat[p, end) leaves s after matching at n, or -1; a malformed chunk throws. */
    private static int matchChunk(int[] pat, int p, int end, int[] s, int n) {
        boolean failed = false;
        while (p < end) {
            int c = pat[p];
            if (!failed && n >= s.length) {
                failed = true;
            }
            if (c == '[') {
                int r = failed ? 0 : s[n++];
                int[] res = matchClass(pat, p + 1, end, r);
                failed |= res[1] == 0;
                p = res[0];
            } else if (c == '?') {
                if (!failed) {
                    failed = s[n] == '/';
                    n++;
                }
                p++;
            } else {
                if (c == '\\') {
                    p++;
                    if (p >= end) {
                        throw bad();
                    }
                }
                if (!failed) {
                    failed = s[n] != pat[p];
                    n++;
                }
                p++;
            }
        }
        return failed ? -1 : n;
    }

    /** {position after the class, 1 if r is in it}; the class starts after '['. */
    private static int[] matchClass(int[] pat, int p, int end, int r) {
        boolean negated = p < end && pat[p] == '^';
        if (negated) {
            p++;
        }
        boolean match = false;
        int ranges = 0;
        while (true) {
            if (p < end && pat[p] == ']' && ranges > 0) {
                p++;
                break;
            }
            int[] lo = classChar(pat, p, end);
            int hi = lo[0];
            p = lo[1];
            if (p < end && pat[p] == '-') {
                int[] h = classChar(pat, p + 1, end);
                hi = h[0];
                p = h[1];
            }
            match |= lo[0] <= r && r <= hi;
            ranges++;
        }
        return new int[] {p, match != negated ? 1 : 0};
    }

    /** {the character, position after it} of one class member. */
    private static int[] classChar(int[] pat, int p, int end) {
        if (p >= end || pat[p] == '-' || pat[p] == ']') {
            throw bad();
        }
        if (pat[p] == '\\') {
            p++;
            if (p >= end) {
                throw bad();
            }
        }
        return new int[] {pat[p], p + 1};
    }

    /** Go reports a malformed rest of the pattern even when the name already failed to match. */
    private static void validateRest(int[] pat, int p) {
        while (p < pat.length) {
            while (p < pat.length && pat[p] == '*') {
                p++;
            }
            int end = chunkEnd(pat, p);
            matchChunk(pat, p, end, new int[0], 0);
            p = end;
        }
    }

    private static int indexOf(int[] s, int from, int c) {
        for (int i = from; i < s.length; i++) {
            if (s[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static EngineException bad() {
        return EngineException.invalid("syntax error in pattern");
    }
}
