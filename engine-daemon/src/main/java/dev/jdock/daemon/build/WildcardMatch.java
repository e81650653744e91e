package dev.jdock.daemon.build;

/**
 * Go's filepath.Match for one path component ({@code *}, {@code ?}, {@code [a-z]}, {@code [^x]}, {@code \}
 * escapes), in time linear in pattern × name: the set of pattern positions reachable after each character is kept
 * (no backtracking).
 */
final class WildcardMatch {
    private WildcardMatch() {
    }

    static boolean matches(String pattern, String name) {
        int n = pattern.length();
        boolean[] cur = new boolean[n + 1];
        cur[0] = true;
        closeStars(pattern, cur);
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            boolean[] next = new boolean[n + 1];
            for (int i = 0; i < n; i++) {
                if (!cur[i]) {
                    continue;
                }
                char p = pattern.charAt(i);
                if (p == '*') {
                    next[i] = c != '/' || next[i];
                } else if (p == '?') {
                    next[i + 1] |= c != '/';
                } else if (p == '[') {
                    int end = classEnd(pattern, i);
                    if (end > 0 && inClass(pattern, i + 1, end, c)) {
                        next[end + 1] = true;
                    }
                } else if (p == '\\' && i + 1 < n) {
                    if (pattern.charAt(i + 1) == c) {
                        next[i + 2] = true;
                    }
                } else if (p == c) {
                    next[i + 1] = true;
                }
            }
            closeStars(pattern, next);
            cur = next;
        }
        return cur[n];
    }

    /** A star may match nothing: a position before a star also reaches the position after it. */
    private static void closeStars(String pattern, boolean[] set) {
        for (int i = 0; i < pattern.length(); i++) {
            if (set[i] && pattern.charAt(i) == '*') {
                set[i + 1] = true;
            }
        }
    }

    /** Index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        for (; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(String p, int from, int end, char c) {
        boolean negate = from < end && p.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean hit = false;
        while (i < end) {
            char lo = p.charAt(i) == '\\' ? p.charAt(++i) : p.charAt(i);
            i++;
            char hi = lo;
            if (i + 1 < end && p.charAt(i) == '-') {
                hi = p.charAt(i + 1) == '\\' ? p.charAt(i + 2) : p.charAt(i + 1);
                i += p.charAt(i + 1) == '\\' ? 3 : 2;
            }
            if (lo <= c && c <= hi) {
                hit = true;
            }
        }
        return hit != negate;
    }
}
