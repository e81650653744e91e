package dev.jdock.daemon.build.dockerfile;

import java.util.Arrays;
import java.util.Set;

/**
 * {@code FROM [--platform=p] image [AS name]}.
 *
 * @param image the base image (or {@code scratch}, or an earlier stage's name), raw
 * @param stageName the {@code AS} name in lower case, or null
 * @param platform the {@code --platform} value, or null
 */
public record From(int line, String original, String image, String stageName, String platform)
        implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        Expand x = new Expand(escape, vars, line);
        return new From(line, original, x.word(image), stageName, x.word(platform));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, Arrays.asList(image, platform));
    }
}
