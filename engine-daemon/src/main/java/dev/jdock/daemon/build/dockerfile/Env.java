package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code ENV k=v k2="a b"} or the legacy {@code ENV k v}: keys and values raw until expanded. */
public record Env(int line, String original, List<KeyValue> pairs) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new Env(line, original, expandPairs(pairs, new Expand(escape, vars, line)));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, words(pairs));
    }

    static List<KeyValue> expandPairs(List<KeyValue> pairs, Expand x) {
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : pairs) {
            out.add(new KeyValue(x.word(kv.key()), x.word(kv.value())));
        }
        return List.copyOf(out);
    }

    static List<String> words(List<KeyValue> pairs) {
        List<String> out = new ArrayList<>();
        for (KeyValue kv : pairs) {
            out.add(kv.key());
            out.add(kv.value());
        }
        return out;
    }
}
