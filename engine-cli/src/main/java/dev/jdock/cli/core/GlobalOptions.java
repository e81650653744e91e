package dev.jdock.cli.core;

/**
 * The options before the command, as the docker CLI takes them: {@code -H/--host}, {@code -c/--context},
 * {@code --config}, {@code --tls}, {@code --tlsverify} (both also as {@code --tls=false}), {@code --tlscacert},
 * {@code --tlscert}, {@code --tlskey}, {@code -D/--debug}, {@code -l/--log-level}. Null where not given.
 * {@link #next()} is the index of the command word.
 */
public record GlobalOptions(String host, String context, String configDir, Boolean tls, Boolean tlsVerify,
        String tlsCaCert, String tlsCert, String tlsKey, int next) {

    /** No option given. */
    public static final GlobalOptions NONE = new GlobalOptions(null, null, null, null, null, null, null, null, 0);

    /**
     * Parses the leading options of {@code args}, up to the first word that is none of them (the command, or an
     * unknown option the caller reports); a bad boolean value is a {@link CliException}.
     */
    public static GlobalOptions parse(String[] args) {
        String[] v = new String[6]; // host, context, config, cacert, cert, key
        Boolean tls = null;
        Boolean verify = null;
        int i = 0;
        loop:
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--") || !a.startsWith("-") || a.equals("-")) {
                break;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "-D", "--debug" -> {
                }
                case "--tls" -> tls = bool(name, value);
                case "--tlsverify" -> verify = bool(name, value);
                case "-H", "--host", "-c", "--context", "--config", "--tlscacert", "--tlscert", "--tlskey",
                        "-l", "--log-level" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            break loop;
                        }
                        value = args[++i];
                    }
                    int slot = slot(name);
                    if (slot >= 0) {
                        v[slot] = value;
                    }
                }
                default -> {
                    break loop;
                }
            }
        }
        return new GlobalOptions(v[0], v[1], v[2], tls, verify, v[3], v[4], v[5], i);
    }

    private static int slot(String name) {
        return switch (name) {
            case "-H", "--host" -> 0;
            case "-c", "--context" -> 1;
            case "--config" -> 2;
            case "--tlscacert" -> 3;
            case "--tlscert" -> 4;
            case "--tlskey" -> 5;
            default -> -1;
        };
    }

    private static Boolean bool(String name, String value) {
        if (value == null || value.equals("true") || value.equals("1")) {
            return Boolean.TRUE;
        }
        if (value.equals("false") || value.equals("0")) {
            return Boolean.FALSE;
        }
        throw new CliException(125, "invalid argument \"" + value + "\" for \"" + name + "\" flag: "
                + "strconv.ParseBool: parsing \"" + value + "\": invalid syntax\nSee 'jdock --help'.");
    }
}
