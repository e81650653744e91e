package dev.jdock.daemon.build.dockerfile;

import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Expansion of one instruction's words, errors carrying its line. */
final class Expand {
    private final ShellLex lex;
    private final Lookup vars;
    private final int line;

    Expand(char escape, Lookup vars, int line) {
        this.lex = new ShellLex(escape);
        this.vars = vars;
        this.line = line;
    }

    String word(String w) {
        if (w == null) {
            return null;
        }
        try {
            return lex.processWord(w, vars);
        } catch (EngineException e) {
            throw Dockerfile.error(line, e.getMessage());
        }
    }

    List<String> each(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            out.add(word(w));
        }
        return List.copyOf(out);
    }

    /** Word-to-words expansion (EXPOSE's). */
    List<String> split(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            try {
                out.addAll(lex.processWords(w, vars));
            } catch (EngineException e) {
                throw Dockerfile.error(line, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    static Set<String> references(char escape, Collection<String> words) {
        ShellLex lex = new ShellLex(escape);
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            if (w != null && w.indexOf('$') >= 0) {
                try {
                    out.addAll(lex.references(w));
                } catch (EngineException e) {
                    // a word that does not expand references nothing; expanded() reports it
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
