package dev.jdock.cli.core;

/**
 * A failure with the message to print on stderr and the process exit status. Three kinds are worded by the entry
 * point, which knows how the command was called ({@code jdock ps} or {@code jdock container ls}) and so its usage
 * line: a command's {@code --help} ({@link #help}: printed on stdout, exit 0), a flag error ({@link #flag}: exit
 * 125) and wrong positional arguments ({@link #arguments}: exit 1), the last two in docker 28's layout
 * ({@code message}, {@code Usage:  jdock ps [OPTIONS]}, {@code Run 'jdock ps --help' for more information}).
 */
public final class CliException extends RuntimeException {
    /** What the entry point words from the command's path; {@link #ERROR} is printed as it is. */
    public enum Kind { ERROR, HELP, FLAG, ARGUMENTS }

    private final int exitCode;
    private final Kind kind;
    private final Args.Spec spec;
    private final String[] helpWords;
    private final String detail;
    private final String hint;

    public CliException(int exitCode, String message) {
        this(exitCode, message, Kind.ERROR, null, null, null, null);
    }

    private CliException(int exitCode, String message, Kind kind, Args.Spec spec, String[] helpWords,
            String detail, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.kind = kind;
        this.spec = spec;
        this.helpWords = helpWords;
        this.detail = detail;
        this.hint = hint;
    }

    /**
     * {@code --help} asked for the command whose flags are {@code spec}, run on {@code args[from..]}: the two words
     * before {@code from} tell how it was called ({@code jdock ps} or {@code jdock container ls}).
     */
    public static CliException help(Args.Spec spec, String[] args, int from) {
        String before = from >= 2 ? args[from - 2] : null;
        String word = from >= 1 ? args[from - 1] : spec.command();
        return new CliException(0, null, Kind.HELP, spec, new String[] {before, word}, null, null);
    }

    /** A flag of {@code spec} that pflag refuses ({@code unknown flag: --bogus}); exit 125. */
    public static CliException flag(Args.Spec spec, String message) {
        return new CliException(125, message + "\nSee 'jdock " + spec.command() + " --help'.", Kind.FLAG, spec,
                null, message, "Run");
    }

    /**
     * Positional arguments that do not fit ({@code requires 1 argument}); exit 1. {@code hint} is the word docker
     * 28 starts its last line with: "Run", or "See" for its at-least rule.
     */
    public static CliException arguments(Args.Spec spec, String rule, String hint) {
        return new CliException(1, "\"jdock " + spec.command() + "\" " + rule + ".\nSee 'jdock " + spec.command()
                + " --help'.", Kind.ARGUMENTS, spec, null, rule, hint);
    }

    public int exitCode() {
        return exitCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The spec whose help was asked for or whose flags or arguments failed; null for a plain error. */
    public Args.Spec spec() {
        return spec;
    }

    /** The spec whose help was asked for, or null. */
    public Args.Spec helpSpec() {
        return kind == Kind.HELP ? spec : null;
    }

    /** {word before the command word (maybe its group) or null, the command word}; null but for help. */
    public String[] helpWords() {
        return helpWords;
    }

    /** The text the entry point words with the usage line: the flag error, or the argument rule; else null. */
    public String detail() {
        return detail;
    }

    /** The first word of the last line, "Run" or "See" (docker's at-least rule); null but for flags and arguments. */
    public String hint() {
        return hint;
    }
}
