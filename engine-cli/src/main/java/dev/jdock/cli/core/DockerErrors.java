package dev.jdock.cli.core;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The docker CLI 28's wording for errors jdock reports before a command runs: a bad global flag, a host that does
 * not parse, and the {@code -D/--debug} request trace.
 */
public final class DockerErrors {
    /** The global options that take a value. */
    private static final List<String> VALUE_FLAGS = List.of("host", "context", "config", "log-level", "tlscacert",
            "tlscert", "tlskey");
    private static final String SHORT_VALUE_FLAGS = "Hcl";
    private static final long START = System.currentTimeMillis();

    private DockerErrors() {
    }

    /**
     * {@code jdock -x ...} with an option that is no global option (or one whose value is missing): cobra's message,
     * the root usage line and hint; exit 125.
     */
    public static String globalFlag(String arg) {
        String message;
        if (arg.startsWith("--")) {
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            name = eq >= 0 ? name.substring(0, eq) : name;
            message = VALUE_FLAGS.contains(name) && eq < 0 ? "flag needs an argument: --" + name
                    : "unknown flag: --" + name;
        } else {
            char c = arg.charAt(1);
            message = SHORT_VALUE_FLAGS.indexOf(c) >= 0 && arg.length() == 2
                    ? "flag needs an argument: '" + c + "' in -" + c
                    : "unknown shorthand flag: '" + c + "' in " + arg;
        }
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

    /** Whether {@code -D}/{@code --debug} is among the global options {@code args[0..next)}. */
    public static boolean debug(String[] args, int next) {
        for (int i = 0; i < next; i++) {
            String a = args[i];
            if (a.equals("-D") || a.equals("--debug") || a.equals("--debug=true") || a.equals("--debug=1")) {
                return true;
            }
        }
        return false;
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
