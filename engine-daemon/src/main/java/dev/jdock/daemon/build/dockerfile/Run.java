package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code RUN}: the command in exec form ({@code shellForm} false) or shell form (one element), its
 * {@code --mount}s, {@code --network} and {@code --security} (null when not given), and its heredocs.
 *
 * <p>With heredocs: when the command is only a heredoc ({@code RUN <<EOF}) the heredoc's content is the script
 * ({@link #heredocIsCommand()}; BuildKit writes it to a file and runs that when it starts with {@code #!});
 * otherwise ({@code RUN python3 <<EOF}) the shell gets the line and the heredocs reassembled, {@link #script()}.
 */
public record Run(int line, String original, List<String> command, boolean shellForm, List<Mount> mounts,
        String network, String security, List<Heredoc> heredocs) implements Instruction {

    /** True when the command is exactly one heredoc, whose content is the script. */
    public boolean heredocIsCommand() {
        return shellForm && heredocs.size() == 1 && command.size() == 1 && Heredoc.opener(command.get(0)) != null;
    }

    /** The text the shell runs for a shell-form RUN (heredocs included); the command itself without heredocs. */
    public String script() {
        if (!shellForm) {
            throw new IllegalStateException("exec form RUN has no script");
        }
        if (heredocIsCommand()) {
            return heredocs.get(0).effectiveContent();
        }
        StringBuilder full = new StringBuilder(command.get(0));
        for (Heredoc h : heredocs) {
            full.append('\n').append(h.content()).append(h.name());
        }
        return full.toString();
    }

    /** RUN's words are not expanded (the shell does it); its --mount values are. */
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        if (mounts.isEmpty()) {
            return this;
        }
        Expand x = new Expand(escape, vars, line);
        List<Mount> out = new ArrayList<>();
        for (Mount m : mounts) {
            try {
                out.add(m.expanded(x::word));
            } catch (ParseFailure e) {
                throw Dockerfile.error(line, e.getMessage());
            }
        }
        return new Run(line, original, command, shellForm, List.copyOf(out), network, security, heredocs);
    }

    @Override
    public Set<String> references(char escape) {
        List<String> words = new ArrayList<>();
        for (Mount m : mounts) {
            words.add(m.raw());
        }
        return Expand.references(escape, words);
    }
}
