package dev.jdock.daemon.build.dockerfile;

import java.util.List;
import java.util.Set;

/**
 * {@code ADD [--chown=] [--chmod=] [--link] [--checksum=] [--keep-git-dir] src... dest}, as {@link Copy} without
 * {@code --from}; sources may be URLs or local tars.
 */
public record Add(int line, String original, List<String> sources, List<Heredoc> heredocs, String dest,
        String chown, String chmod, boolean link, String checksum, boolean keepGitDir) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        Expand x = new Expand(escape, vars, line);
        return new Add(line, original, x.each(sources), Copy.expandHeredocs(heredocs, x), x.word(dest),
                x.word(chown), x.word(chmod), link, x.word(checksum), keepGitDir);
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, Copy.words(sources, heredocs, dest, chown, chmod, checksum));
    }
}
