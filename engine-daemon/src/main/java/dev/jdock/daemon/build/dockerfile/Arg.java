package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code ARG name} / {@code ARG name=default} (several per line): names and defaults raw until expanded. */
public record Arg(int line, String original, List<Definition> args) implements Instruction {

    /** One declared build arg; {@code defaultValue} is null when none is given. */
    public record Definition(String name, String defaultValue) {
    }

    @Override
    public Instruction expanded(Lookup vars, char escape) {
        Expand x = new Expand(escape, vars, line);
        List<Definition> out = new ArrayList<>();
        for (Definition d : args) {
            out.add(new Definition(x.word(d.name()), x.word(d.defaultValue())));
        }
        return new Arg(line, original, List.copyOf(out));
    }

    @Override
    public Set<String> references(char escape) {
        List<String> words = new ArrayList<>();
        for (Definition d : args) {
            words.add(d.name());
            words.add(d.defaultValue());
        }
        return Expand.references(escape, words);
    }
}
