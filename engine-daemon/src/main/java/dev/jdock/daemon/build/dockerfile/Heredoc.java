package dev.jdock.daemon.build.dockerfile;

import java.util.List;

/**
 * A here-document of RUN, COPY or ADD (BuildKit syntax).
 *
 * @param name the delimiter with its quotes removed: for COPY/ADD the name of the file it makes
 * @param content the lines between the instruction and the delimiter, each ending with a newline, as written
 *     (leading tabs still there when {@code chomp})
 * @param expand false when the delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'}): no variable expansion
 * @param chomp true for {@code <<-EOF}: leading tabs are stripped from each line
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {

    /** The content as it is used: with leading tabs stripped from every line when {@link #chomp}. */
    public String effectiveContent() {
        if (!chomp) {
            return content;
        }
        StringBuilder out = new StringBuilder(content.length());
        boolean lineStart = true;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (lineStart && c == '\t') {
                continue;
            }
            lineStart = c == '\n';
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The heredoc a word of an instruction line opens ({@code <<EOF}, {@code <<-"EOF"}, {@code 3<<EOF}), or null
     * when the word is not one. Content is left empty; the parser fills it.
     */
    static Heredoc opener(String word) {
        int i = 0;
        while (i < word.length() && Character.isDigit(word.charAt(i))) {
            i++;
        }
        if (!word.startsWith("<<", i)) {
            return null;
        }
        i += 2;
        boolean chomp = i < word.length() && word.charAt(i) == '-';
        String rest = word.substring(chomp ? i + 1 : i);
        if (rest.isEmpty() || rest.indexOf('<') >= 0) {
            return null;
        }
        List<String> words;
        try {
            words = new ShellLex('\\', true).processWords(rest, Lookup.empty());
        } catch (RuntimeException e) {
            return null;
        }
        if (words.size() != 1) {
            return null;
        }
        String name = words.get(0);
        // quoted anywhere (<<"EOF", <<'EOF', <<E"O"F): the quotes were removed, and the content is not expanded
        return new Heredoc(name, "", quotes(name) == quotes(rest), chomp);
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }

    Heredoc withContent(String text) {
        return new Heredoc(name, text, expand, chomp);
    }
}
