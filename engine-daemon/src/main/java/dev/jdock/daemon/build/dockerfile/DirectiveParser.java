package dev.jdock.daemon.build.dockerfile;

import java.util.Locale;

/**
 * Parser directives: {@code # name=value} lines at the very top; the first line that is not one (a comment, a
 * blank line, an unknown directive, an instruction) ends them. Names are case-insensitive, each may appear once.
 */
final class DirectiveParser {
    private boolean done;
    private char escape = '\\';
    private String syntax;
    private String check;

    char escape() {
        return escape;
    }

    Directives directives() {
        return new Directives(escape, syntax, check);
    }

    /** Looks at one (left-trimmed) line; throws {@link ParseFailure} for a bad or repeated directive. */
    void line(String token) {
        if (done) {
            return;
        }
        String[] kv = match(token);
        if (kv == null) {
            done = true;
            return;
        }
        String name = kv[0].toLowerCase(Locale.ROOT);
        switch (name) {
            case "escape" -> {
                seen(name, escapeSeen);
                escapeSeen = true;
                if (!kv[1].equals("`") && !kv[1].equals("\\")) {
                    throw new ParseFailure("invalid escape token '" + kv[1] + "' does not match ` or \\");
                }
                escape = kv[1].charAt(0);
            }
            case "syntax" -> {
                seen(name, syntax != null);
                syntax = kv[1];
            }
            case "check" -> {
                seen(name, check != null);
                check = kv[1];
            }
            default -> done = true;
        }
    }

    private boolean escapeSeen;

    private static void seen(String name, boolean already) {
        if (already) {
            throw new ParseFailure("only one " + name + " parser directive can be used");
        }
    }

    /** {@code ^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$} by hand: name and value, or null. */
    static String[] match(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) != '#') {
            return null;
        }
        int i = skipBlanks(s, 1);
        int start = i;
        if (i >= n || !isAsciiLetter(s.charAt(i))) {
            return null;
        }
        while (i < n && (isAsciiLetter(s.charAt(i)) || (s.charAt(i) >= '0' && s.charAt(i) <= '9'))) {
            i++;
        }
        String name = s.substring(start, i);
        i = skipBlanks(s, i);
        if (i >= n || s.charAt(i) != '=') {
            return null;
        }
        i = skipBlanks(s, i + 1);
        int end = n;
        while (end > i && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end <= i) {
            return null;
        }
        return new String[] {name, s.substring(i, end)};
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
