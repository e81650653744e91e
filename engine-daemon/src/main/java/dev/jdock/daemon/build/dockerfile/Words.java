package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** The parser's word splitters (buildkit {@code parser/line_parsers.go}, {@code parser.go}); all linear. */
final class Words {
    private Words() {
    }

    /** Go's {@code [\t\v\f\r ]+} split of an already trimmed string. */
    static List<String> whitespace(String rest) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            while (i < n && isBlank(rest.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(rest.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(rest.substring(start, i));
            }
        }
        return out;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The first whitespace-separated word and the trimmed rest ({@code ["", ""]} for a blank line). */
    static String[] splitFirst(String line) {
        String t = line.strip();
        int i = 0;
        while (i < t.length() && !isBlank(t.charAt(i)) && t.charAt(i) != '\n') {
            i++;
        }
        return new String[] {t.substring(0, i), t.substring(i).strip()};
    }

    /**
     * Words split at unquoted whitespace, quotes and escapes kept in the words (parseWords: how ENV, LABEL and ARG
     * find their {@code key=value} words). Inside single quotes the escape character escapes nothing.
     */
    static List<String> quoted(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean blankOk = false;
        char quote = 0;
        int n = rest.length();
        for (int i = 0; i < n; i++) {
            char ch = rest.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (blankOk || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                continue;
            }
            if (quote == 0 && (ch == '\'' || ch == '"')) {
                quote = ch;
                blankOk = true;
            } else if (quote != 0 && ch == quote) {
                quote = 0;
                word.append(ch);
                continue;
            }
            if (ch == escape && (quote == 0 || quote == '"')) {
                if (i + 1 == n) {
                    quote = 0;
                    continue;
                }
                word.append(ch);
                ch = rest.charAt(++i);
            }
            word.append(ch);
        }
        if (blankOk || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The leading {@code --flag} words of an instruction's arguments (quotes removed) and what follows them. */
    record Flagged(List<String> flags, String rest) {
    }

    static Flagged extractFlags(String line) {
        List<String> flags = new ArrayList<>();
        int n = line.length();
        int pos = 0;
        while (true) {
            while (pos < n && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                return new Flagged(flags, "");
            }
            if (!line.startsWith("--", pos)) {
                return new Flagged(flags, line.substring(pos));
            }
            StringBuilder word = new StringBuilder();
            pos = flagWord(line, pos, word);
            if (word.toString().equals("--")) {
                return new Flagged(flags, pos < n ? line.substring(pos) : "");
            }
            flags.add(word.toString()); // never empty: it starts with "--"
        }
    }

    /** Reads one flag word from {@code pos} into {@code word}, quotes removed, {@code \\} escaping; the end. */
    private static int flagWord(String line, int pos, StringBuilder word) {
        int n = line.length();
        char quote = 0;
        while (pos < n && (quote != 0 || !Character.isWhitespace(line.charAt(pos)))) {
            char ch = line.charAt(pos++);
            if (quote == 0 && (ch == '\'' || ch == '"')) {
                quote = ch;
                continue;
            }
            if (quote != 0 && ch == quote) {
                quote = 0;
                continue;
            }
            if (ch == '\\') {
                if (pos == n) {
                    continue;
                }
                ch = line.charAt(pos++);
            }
            word.append(ch);
        }
        return pos;
    }
}
