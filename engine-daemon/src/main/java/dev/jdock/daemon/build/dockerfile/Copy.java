package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code COPY [--from=] [--chown=] [--chmod=] [--link] src... dest}: sources (paths or globs, raw), inline
 * heredoc sources ({@code COPY <<EOF /dest}: each makes a file named after its delimiter), the flags (null or
 * false when absent).
 */
public record Copy(int line, String original, List<String> sources, List<Heredoc> heredocs, String dest,
        String from, String chown, String chmod, boolean link) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        Expand x = new Expand(escape, vars, line);
        return new Copy(line, original, x.each(sources), expandHeredocs(heredocs, x), x.word(dest), x.word(from),
                x.word(chown), x.word(chmod), link);
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, words(sources, heredocs, dest, from, chown, chmod));
    }

    /** Heredocs with unquoted delimiters have their content expanded (chomped first). */
    static List<Heredoc> expandHeredocs(List<Heredoc> docs, Expand x) {
        List<Heredoc> out = new ArrayList<>();
        for (Heredoc h : docs) {
            out.add(h.expand() ? new Heredoc(h.name(), x.word(h.effectiveContent()), true, false) : h);
        }
        return List.copyOf(out);
    }

    static List<String> words(List<String> sources, List<Heredoc> docs, String... more) {
        List<String> out = new ArrayList<>(sources);
        for (Heredoc h : docs) {
            if (h.expand()) {
                out.add(h.content());
            }
        }
        out.addAll(java.util.Arrays.asList(more));
        return out;
    }
}
