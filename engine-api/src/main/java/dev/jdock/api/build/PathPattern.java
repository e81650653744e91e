package dev.jdock.api.build;

import java.util.ArrayList;
import java.util.List;

/**
 * One .dockerignore pattern compiled as moby's patternmatcher compiles it to a regular expression ({@code *} any
 * run without {@code /}, {@code ?} one character but {@code /}, {@code **} any number of directories,
 * {@code [...]} a character class, {@code \} escaping the next character), matched against the whole path. It is
 * matched by simulating the automaton over a set of positions, not by a backtracking regex: time is
 * O(pattern length x path length) for any input.
 */
final class PathPattern {
    private enum Kind { LITERAL, ONE, STAR, DIRS, ANY, CLASS }

    private record Token(Kind kind, char c, CharClass cls) {
    }

    private final String text;
    private final List<Token> tokens;

    private PathPattern(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    String text() {
        return text;
    }

    static PathPattern compile(String pattern) {
        List<Token> out = new ArrayList<>();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    boolean leadingSuffix = out.isEmpty() && pattern.charAt(i) != '/' && isLiteral(pattern, i + 1);
                    out.add(new Token(i + 1 >= n || leadingSuffix ? Kind.ANY : Kind.DIRS, '\0', null));
                } else {
                    out.add(new Token(Kind.STAR, '\0', null));
                }
            } else if (ch == '?') {
                out.add(new Token(Kind.ONE, '\0', null));
            } else if (ch == '\\') {
                out.add(new Token(Kind.LITERAL, i + 1 < n ? pattern.charAt(++i) : '\\', null));
            } else if (ch == '[') {
                CharClass.Parsed p = CharClass.parse(pattern, i + 1);
                out.add(new Token(Kind.CLASS, '\0', p.cls()));
                i = p.end();
            } else {
                out.add(new Token(Kind.LITERAL, ch, null));
            }
        }
        return new PathPattern(pattern, List.copyOf(out));
    }

    /** moby matches a leading {@code **} followed by literal text ({@code **foo}) as a plain suffix. */
    private static boolean isLiteral(String p, int from) {
        for (int i = from; i < p.length(); i++) {
            if ("*?[]\\".indexOf(p.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the whole {@code path} matches. */
    boolean matches(String path) {
        return run(path, false);
    }

    /** True when {@code path} or one of its parent directories matches, in one pass over the path. */
    boolean matchesSelfOrParent(String path) {
        return run(path, true);
    }

    private boolean run(String path, boolean parents) {
        int m = tokens.size();
        boolean[] cur = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        cur[0] = true;
        close(cur);
        for (int p = 0; p < path.length(); p++) {
            char c = path.charAt(p);
            if (parents && c == '/' && cur[m]) {
                return true;
            }
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int s = 0; s < m; s++) {
                if (cur[s]) {
                    any |= step(s, c, next);
                }
            }
            if (!any) {
                return false;
            }
            close(next);
            boolean[] t = cur;
            cur = next;
            next = t;
        }
        return cur[m];
    }

    /** Moves from state {@code s} over {@code c} into {@code next}; true when any state was reached. */
    private boolean step(int s, char c, boolean[] next) {
        Token t = tokens.get(s);
        switch (t.kind()) {
            case LITERAL, ONE, CLASS -> {
                boolean ok = t.kind() == Kind.LITERAL ? t.c() == c
                        : t.kind() == Kind.ONE ? c != '/' : t.cls().matches(c);
                next[s + 1] |= ok;
                return ok;
            }
            case STAR -> {
                next[s] |= c != '/';
                return c != '/';
            }
            default -> {
                // DIRS "(.*/)?" and ANY ".*": stay while not a newline (Go's '.'); DIRS may leave after a '/'
                if (c == '\n') {
                    return false;
                }
                next[s] = true;
                next[s + 1] |= t.kind() == Kind.DIRS && c == '/';
                return true;
            }
        }
    }

    /** Adds the states reachable without input: past any STAR, DIRS or ANY (they may match nothing). */
    private void close(boolean[] states) {
        for (int s = 0; s < tokens.size(); s++) {
            if (states[s] && tokens.get(s).kind() != Kind.LITERAL && tokens.get(s).kind() != Kind.ONE
                    && tokens.get(s).kind() != Kind.CLASS) {
                states[s + 1] = true;
            }
        }
    }

    /**
     * Whether this pattern could match {@code dir} or a path under it (conservative: true when unsure), for a
     * walker that wants to skip an excluded directory.
     */
    boolean couldMatchUnder(String dir) {
        String[] want = dir.split("/", -1);
        String[] segs = text.split("/", -1);
        for (int i = 0; i < want.length; i++) {
            if (i >= segs.length || segs[i].contains("**")) {
                return true;
            }
            if (!compile(segs[i]).matches(want[i])) {
                return false;
            }
        }
        return true;
    }
}
