package dev.jdock.cli.core;

/**
 * A failure with the message to print on stderr and the process exit status; or, made by {@link #help}, a
 * command's {@code --help}, which the entry point prints on stdout from the command's {@link Args.Spec} (exit 0).
 */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final Args.Spec helpSpec;
    private final String[] helpWords;
    private String flagError;
    private String arity;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null, null);
    }

    private CliException(int exitCode, String message, Args.Spec helpSpec, String[] helpWords) {
        super(message);
        this.exitCode = exitCode;
        this.helpSpec = helpSpec;
        this.helpWords = helpWords;
    }

    /**
     * {@code --help} asked for the command whose flags are {@code spec}, run on {@code args[from..]}: the two words
     * before {@code from} tell how it was called ({@code jdock ps} or {@code jdock container ls}).
     */
    public static CliException help(Args.Spec spec, String[] args, int from) {
        String before = from >= 2 ? args[from - 2] : null;
        String word = from >= 1 ? args[from - 1] : spec.command();
        return new CliException(0, null, spec, new String[] {before, word});
    }

    /**
     * Wrong arguments (exit 1): {@code requirement} is cobra's wording ({@code requires at least 1 argument},
     * {@code requires 2 arguments}, {@code accepts no arguments}); the entry point adds the command as it was called,
     * its usage line and the --help hint, as docker 28.
     */
    public static CliException arity(String requirement) {
        CliException e = new CliException(1, requirement);
        e.arity = requirement;
        return e;
    }

    /** The requirement of an {@link #arity} error, else null. */
    public String arity() {
        return arity;
    }

    /** A flag error (exit 125) whose bare message is {@code message}, so a caller can word it with a usage line. */
    public static CliException flagError(String message, String full) {
        CliException e = new CliException(125, full);
        e.flagError = message;
        return e;
    }

    /** The bare message of a flag error made by {@link #flagError}, else null. */
    public String flagError() {
        return flagError;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The spec whose help was asked for, or null for an error. */
    public Args.Spec helpSpec() {
        return helpSpec;
    }

    /** {word before the command word (maybe its group) or null, the command word}; null for an error. */
    public String[] helpWords() {
        return helpWords;
    }
}
