package dev.jdock.daemon.build.dockerfile;

import java.util.List;
import java.util.Set;

/** {@code LABEL k=v ...} or the legacy {@code LABEL k v}: keys and values raw until expanded. */
public record Label(int line, String original, List<KeyValue> pairs) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new Label(line, original, Env.expandPairs(pairs, new Expand(escape, vars, line)));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, Env.words(pairs));
    }
}
