package dev.jdock.daemon.build.dockerfile;

import java.util.Set;

/**
 * One parsed Dockerfile instruction, its arguments raw (unexpanded). {@link #original()} is what Docker prints in
 * {@code Step N/M : <original>}: the instruction as written, continuation lines joined (the escape character and
 * line break removed, the next line's indentation kept), trimmed, heredoc bodies not included.
 */
public sealed interface Instruction permits From, Run, Cmd, Entrypoint, Copy, Add, Env, Arg, Label, Expose, Volume,
        User, Workdir, Shell, StopSignal, Healthcheck, Onbuild, Maintainer {

    /** The first line of the instruction, 1-based. */
    int line();

    String original();

    /** The instruction's keyword in upper case ({@code RUN}). */
    default String keyword() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * A copy with the words Docker expands substituted from {@code vars} (ADD COPY ENV EXPOSE FROM LABEL STOPSIGNAL
     * USER VOLUME WORKDIR ARG, and RUN's --mount values); {@code this} for the others. Errors (a bad substitution,
     * an unmatched quote) carry the instruction's line.
     */
    default Instruction expanded(Lookup vars, char escape) {
        return this;
    }

    /** {@link #expanded(Lookup, char)} with the default escape character. */
    default Instruction expanded(Lookup vars) {
        return expanded(vars, '\\');
    }

    /** The variable names the words {@link #expanded} substitutes refer to (empty for the others). */
    default Set<String> references(char escape) {
        return Set.of();
    }

    default Set<String> references() {
        return references('\\');
    }
}
