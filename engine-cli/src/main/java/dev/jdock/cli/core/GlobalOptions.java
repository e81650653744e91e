package dev.jdock.cli.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The options before the command, as the docker CLI takes them. {@link #SPEC} is their only table: this parser,
 * {@code jdock --help}, completion and the flag errors ({@link DockerErrors#globalFlag}) all read it. pflag's forms
 * are taken: {@code -H x}, {@code -Hx}, {@code -H=x}, {@code --host x}, {@code --host=x}, clusters such as
 * {@code -DH x}, and {@code --tls=false}. Values are null where not given; {@link #next()} is the index of the
 * command word (or of {@code -v}/{@code --version}, {@code -h}/{@code --help}, or an option that is none of these,
 * which the caller handles).
 */
public record GlobalOptions(String host, String context, String configDir, Boolean tls, Boolean tlsVerify,
        String tlsCaCert, String tlsCert, String tlsKey, boolean debug, int next) {

    /** The global options, as {@code jdock --help} lists them. */
    public static final Args.Spec SPEC = new Args.Spec("")
            .option(null, "config", "string", "Location of client config files (default $DOCKER_CONFIG, ~/.docker)")
            .option("c", "context", "string", "Name of the context to use to connect to the daemon (overrides "
                + "DOCKER_HOST env var and default context set with \"jdock context use\")")
            .flag("D", "debug", "Enable debug mode")
            .option("H", "host", "string", "Daemon socket to connect to (default $JDOCK_HOST, $DOCKER_HOST, "
                + "unix:///run/jdock.sock)")
            .option("l", "log-level", "string", "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", "
                + "\"fatal\")", "\"info\"")
            .flag(null, "tls", "Use TLS; implied by --tlsverify")
            .option(null, "tlscacert", "string", "Trust certs signed only by this CA (default $DOCKER_CERT_PATH/ca.pem)")
            .option(null, "tlscert", "string", "Path to TLS certificate file (default $DOCKER_CERT_PATH/cert.pem)")
            .option(null, "tlskey", "string", "Path to TLS key file (default $DOCKER_CERT_PATH/key.pem)")
            .flag(null, "tlsverify", "Use TLS and verify the remote (default $DOCKER_TLS_VERIFY)")
            .flag("v", "version", "Print version information and quit");

    /** The option that is not parsed but answered by the caller ({@code jdock -v}). */
    private static final String VERSION = "version";

    /** No option given. */
    public static final GlobalOptions NONE = new GlobalOptions(null, null, null, null, null, null, null, null, false,
            0);

    /**
     * Parses the leading options of {@code args}, up to the first word that is none of them (the command, an
     * unknown option, or one whose value is missing: the caller reports those); a bad boolean value is a
     * {@link CliException}.
     */
    public static GlobalOptions parse(String[] args) {
        Map<String, String> v = new HashMap<>();
        int i = 0;
        for (; i < args.length; i++) {
            int consumed = option(args, i, v);
            if (consumed < 0) {
                break;
            }
            i += consumed;
        }
        return new GlobalOptions(v.get("host"), v.get("context"), v.get("config"), bool(v, "tls"),
                bool(v, "tlsverify"), v.get("tlscacert"), v.get("tlscert"), v.get("tlskey"),
                Boolean.TRUE.equals(bool(v, "debug")), i);
    }

    /**
     * Takes the option at {@code args[i]} into {@code v} (long name to value; "true" for a bare flag): returns how
     * many more words it used (its value), or -1 when {@code args[i]} is no global option this parser takes.
     */
    private static int option(String[] args, int i, Map<String, String> v) {
        String a = args[i];
        if (a.equals("--") || !a.startsWith("-") || a.equals("-")) {
            return -1;
        }
        if (a.startsWith("--")) {
            int eq = a.indexOf('=');
            String key = SPEC.longName(eq > 0 ? a.substring(0, eq) : a);
            if (key == null || key.equals(VERSION)) {
                return -1;
            }
            String value = eq > 0 ? a.substring(eq + 1) : null;
            if (value == null && SPEC.takesValue("--" + key)) {
                if (i + 1 >= args.length) {
                    return -1;
                }
                v.put(key, args[i + 1]);
                return 1;
            }
            v.put(key, value == null ? "true" : value);
            return 0;
        }
        Map<String, String> taken = new HashMap<>(); // a cluster counts only when all of it parses
        for (int k = 1; k < a.length(); k++) {
            String key = SPEC.longName("-" + a.charAt(k));
            if (key == null || key.equals(VERSION)) {
                return -1;
            }
            if (!SPEC.takesValue("-" + a.charAt(k))) {
                taken.put(key, "true");
                continue;
            }
            String rest = a.substring(k + 1);
            rest = rest.startsWith("=") ? rest.substring(1) : rest;
            int used = 0;
            if (rest.isEmpty()) {
                if (i + 1 >= args.length) {
                    return -1;
                }
                rest = args[i + 1];
                used = 1;
            }
            taken.put(key, rest);
            v.putAll(taken);
            return used;
        }
        v.putAll(taken);
        return 0;
    }

    /**
     * True for {@code --version}, {@code -v} and a cluster of global flags holding {@code v} ({@code -Dv}): pflag
     * sets the version flag and the docker CLI prints its version.
     */
    public static boolean isVersion(String arg) {
        if (arg.equals("--" + VERSION)) {
            return true;
        }
        if (arg.startsWith("--") || !arg.startsWith("-") || arg.indexOf('v') < 0) {
            return false;
        }
        for (int k = 1; k < arg.length(); k++) {
            String name = "-" + arg.charAt(k);
            if (SPEC.longName(name) == null || SPEC.takesValue(name)) {
                return false;
            }
        }
        return true;
    }

    private static Boolean bool(Map<String, String> v, String name) {
        String value = v.get(name);
        if (value == null) {
            return null;
        }
        if (value.equals("true") || value.equals("1")) {
            return Boolean.TRUE;
        }
        if (value.equals("false") || value.equals("0")) {
            return Boolean.FALSE;
        }
        throw new CliException(125, DockerErrors.rootUsage("invalid argument \"" + value + "\" for \"--" + name
                + "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax"));
    }
}
