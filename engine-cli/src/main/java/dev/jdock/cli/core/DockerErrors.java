package dev.jdock.cli.core;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The docker CLI 28's wording for errors jdock reports before a command runs: a bad global flag, a host that does
 * not parse, and the {@code -D/--debug} request trace.
 */
public final class DockerErrors {
    private static final long START = System.currentTimeMillis();

    private DockerErrors() {
    }

    /**
     * {@code jdock -x ...} with an option that is no global option (or one whose value is missing): cobra's message,
     * the root usage line and hint; exit 125.
     */
    public static String globalFlag(String arg) {
        Args.Spec spec = GlobalOptions.SPEC;
        String message;
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            String name = eq >= 0 ? arg.substring(0, eq) : arg;
            message = spec.takesValue(name) && eq < 0 ? "flag needs an argument: " + name : "unknown flag: " + name;
        } else {
            int k = 1;
            while (k < arg.length() - 1 && spec.longName("-" + arg.charAt(k)) != null
                    && !spec.takesValue("-" + arg.charAt(k))) {
                k++; // pflag reads a cluster left to right: the first unknown letter, or a value letter at its end
            }
            char c = arg.charAt(k);
            message = spec.takesValue("-" + c) && k == arg.length() - 1
                    ? "flag needs an argument: '" + c + "' in -" + c
                    : "unknown shorthand flag: '" + c + "' in -" + arg.substring(k);
        }
        return rootUsage(message);
    }

    /** A global option's error with the root usage line and hint, as cobra prints it. */
    static String rootUsage(String message) {
        return message + "\n\nUsage:  jdock [OPTIONS] COMMAND [ARG...]\n\nRun 'jdock --help' for more information";
    }

    /** A {@code -H}/{@code DOCKER_HOST}/context host that does not parse, as docker's "Failed to initialize". */
    public static String badHost(String reason) {
        String r = reason == null ? "" : reason;
        if (r.startsWith("invalid host ")) {
            r = "invalid bind address format: " + r.substring("invalid host ".length());
        }
        return "Failed to initialize: unable to resolve docker endpoint: " + r;
    }

    /** Where {@code --debug} writes each request: {@code DEBU[0000] GET /v1.47/containers/json 200} (logrus style). */
    public static Consumer<String> debugSink(PrintStream err) {
        return line -> {
            long secs = (System.currentTimeMillis() - START) / 1000;
            err.printf("DEBU[%04d] %s%n", secs, line);
            err.flush();
        };
    }
}
