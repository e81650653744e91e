package dev.jdock.daemon.build.dockerfile;

import java.util.Set;

/** {@code STOPSIGNAL signal}: one word, raw until expanded. */
public record StopSignal(int line, String original, String signal) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new StopSignal(line, original, new Expand(escape, vars, line).word(signal));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, java.util.List.of(signal));
    }
}
