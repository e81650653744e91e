package dev.jdock.daemon.build.dockerfile;

import java.util.Set;

/** {@code WORKDIR path}: one word, raw until expanded. */
public record Workdir(int line, String original, String path) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new Workdir(line, original, new Expand(escape, vars, line).word(path));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, java.util.List.of(path));
    }
}
