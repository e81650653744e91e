package dev.jdock.daemon.build.dockerfile;

import java.util.Set;

/** {@code USER user}: one word, raw until expanded. */
public record User(int line, String original, String user) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new User(line, original, new Expand(escape, vars, line).word(user));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, java.util.List.of(user));
    }
}
