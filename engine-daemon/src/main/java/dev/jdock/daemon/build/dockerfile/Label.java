package dev.jdock.daemon.build.dockerfile;

import java.util.List;
import java.util.Set;

/**
 * {@code LABEL k=v ...} or the legacy {@code LABEL k v}: keys and values raw until expanded. A {@code literal} label
 * (a client's build label, moby's {@code NewLabelCommand(k, v, true)}) is never expanded.
 */
public record Label(int line, String original, List<KeyValue> pairs, boolean literal) implements Instruction {
    public Label(int line, String original, List<KeyValue> pairs) {
        this(line, original, pairs, false);
    }

    /** A client's build label: the step {@code LABEL k=v}, its key and value as given. */
    public static Label literal(String key, String value) {
        return new Label(0, "LABEL " + key + "=" + value, List.of(new KeyValue(key, value)), true);
    }

    @Override
    public Instruction expanded(Lookup vars, char escape) {
        if (literal) {
            return this;
        }
        return new Label(line, original, Env.expandPairs(pairs, new Expand(escape, vars, line)));
    }

    /** The record's form, {@code literal} only when set (the parser's labels print as they always did). */
    @Override
    public String toString() {
        return "Label[line=" + line + ", original=" + original + ", pairs=" + pairs + (literal ? ", literal" : "")
                + "]";
    }

    @Override
    public Set<String> references(char escape) {
        return literal ? Set.of() : Expand.references(escape, Env.words(pairs));
    }
}
