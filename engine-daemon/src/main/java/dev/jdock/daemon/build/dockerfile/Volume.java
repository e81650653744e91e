package dev.jdock.daemon.build.dockerfile;

import java.util.List;
import java.util.Set;

/** {@code VOLUME /a /b} or {@code VOLUME ["/a", "/b"]}: the paths, raw until expanded. */
public record Volume(int line, String original, List<String> paths) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new Volume(line, original, new Expand(escape, vars, line).each(paths));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, paths);
    }
}
