package dev.jdock.cli.core;

import dev.jdock.api.value.GoQuote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny docker-style (pflag) option parser: {@code -a}, {@code -aq}, {@code -n 3}, {@code -n3}, {@code --name x},
 * {@code --name=x}, repeatable options, {@code --} and, for run/create/exec, "stop at the first positional".
 * Deliberately small so the hot commands start without picocli's reflection.
 */
public final class Args {
    /** docker's help text of a {@code --format} that takes a table, json or a Go template (written once here). */
    public static final String FORMAT_TABLE_HELP = "Format output using a custom template:\n"
            + "'table':            Print output in table format with column headers (default)\n"
            + "'table TEMPLATE':   Print output in table format using the given Go template\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.\n"
            + "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output "
            + "with templates";
    /** docker's help text of a {@code --format} that takes json or a Go template. */
    public static final String FORMAT_HELP = "Format output using a custom template:\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.\n"
            + "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output "
            + "with templates";

    /** The options a command accepts. */
    public static final class Spec {
        private final String command;
        private final Map<String, String> canonical = new HashMap<>();
        private final Map<String, Boolean> takesValue = new HashMap<>();
        private final Map<String, String> shorthand = new HashMap<>();
        /** Per long name, what help and completion show: {type, description, default}; plain strings, no class. */
        private final Map<String, String[]> help = new HashMap<>();
        /** Options that parse but that help and completion leave out (pflag's MarkHidden). */
        private final java.util.Set<String> hidden = new java.util.HashSet<>();
        /** Per deprecated option, pflag's notice ("use --timeout instead"); deprecated options are hidden too. */
        private final Map<String, String> deprecated = new HashMap<>();
        private boolean stopAtPositional;

        public Spec(String command) {
            this.command = command;
        }

        /** A boolean flag: {@code shortName} may be null. */
        public Spec flag(String shortName, String longName) {
            return add(shortName, longName, false);
        }

        /** An option with a value (repeatable; {@link Args#value} returns the last). */
        public Spec option(String shortName, String longName) {
            return add(shortName, longName, true);
        }

        /** A boolean flag with its {@code --help} description, as docker prints it. */
        public Spec flag(String shortName, String longName, String description) {
            return flag(shortName, longName, description, null);
        }

        /** A boolean flag whose default is shown ({@code "true"}: docker's {@code (default true)}). */
        public Spec flag(String shortName, String longName, String description, String dflt) {
            help.put(longName, new String[] {"", description, dflt});
            return add(shortName, longName, false);
        }

        /**
         * An option with its pflag type name ({@code string}, {@code list}, {@code int}, {@code bytes},
         * {@code duration}...) and {@code --help} description.
         */
        public Spec option(String shortName, String longName, String type, String description) {
            return option(shortName, longName, type, description, null);
        }

        /** An option whose non-zero default is shown as docker prints it ({@code "-1"}, {@code "\"all\""}). */
        public Spec option(String shortName, String longName, String type, String description, String dflt) {
            help.put(longName, new String[] {type, description, dflt});
            return add(shortName, longName, true);
        }

        /**
         * A hidden second spelling of an option already added ({@code --net} for {@code --network}): its values
         * are the option's, in the order given, as pflag's two flags on one variable.
         */
        public Spec alias(String aliasLong, String longName) {
            canonical.put("--" + aliasLong, longName);
            return this;
        }

        /** Hides an option already added: it parses, help and completion do not list it (pflag's MarkHidden). */
        public Spec hidden(String longName) {
            hidden.add(longName);
            return this;
        }

        /**
         * Marks an option deprecated (pflag's MarkDeprecated): hidden, and using it prints {@code Flag --NAME has
         * been deprecated, NOTICE} on stderr ({@link Args#deprecations}).
         */
        public Spec deprecated(String longName, String notice) {
            deprecated.put(longName, notice);
            return hidden(longName);
        }

        /** Stop option parsing at the first positional (the container command follows). */
        public Spec stopAtPositional() {
            this.stopAtPositional = true;
            return this;
        }

        /** The flag as pflag names it in errors: {@code -m, --memory} or {@code --cpus}. */
        String flagName(String longName) {
            String s = shorthand.get(longName);
            return (s == null ? "" : "-" + s + ", ") + "--" + longName;
        }

        private Spec add(String shortName, String longName, boolean value) {
            canonical.put("--" + longName, longName);
            if (shortName != null) {
                canonical.put("-" + shortName, longName);
                shorthand.put(longName, shortName);
            }
            takesValue.put(longName, value);
            return this;
        }

        public String command() {
            return command;
        }

        /** True when option parsing stops at the first positional (run, create, exec). */
        public boolean stopsAtPositional() {
            return stopAtPositional;
        }

        /**
         * Every option sorted by long name, as help and completion list them: {short or null, long, type ("" for a
         * boolean), description, default or null}.
         */
        public List<String[]> options() {
            List<String[]> out = new ArrayList<>();
            for (Map.Entry<String, Boolean> e : takesValue.entrySet()) {
                if (hidden.contains(e.getKey())) {
                    continue;
                }
                String[] h = help.get(e.getKey());
                if (h == null) {
                    h = new String[] {e.getValue() ? "string" : "", "", null};
                }
                out.add(new String[] {shorthand.get(e.getKey()), e.getKey(), h[0], h[1], h[2]});
            }
            out.sort((a, b) -> a[1].compareTo(b[1]));
            return out;
        }

        /** The long name of {@code -x} or {@code --name} (without dashes), or null when the spec has no such option. */
        public String longName(String name) {
            return canonical.get(name);
        }

        /** True when the option takes a value ({@code --name x}); false for a flag or an unknown name. */
        public boolean takesValue(String name) {
            String key = canonical.get(name);
            return key != null && takesValue.get(key);
        }
    }

    private final Map<String, List<String>> values = new java.util.LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private final List<String> deprecations = new ArrayList<>();

    private Args() {
    }

    /** Parses {@code args[from..]}; errors are docker's {@code unknown flag} messages with exit 125. */
    public static Args parse(Spec spec, String[] args, int from) {
        Args a = new Args();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                a.addRest(args, i + 1);
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (spec.stopAtPositional) {
                    a.addRest(args, i);
                    break;
                }
                a.positionals.add(arg);
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h") && !spec.canonical.containsKey("-h")) {
                a.values.put("help", List.of("true"));
                continue;
            }
            i = arg.startsWith("--") ? a.parseLong(spec, args, i) : a.parseShort(spec, args, i);
        }
        for (String name : a.values.keySet()) {
            String notice = spec.deprecated.get(name);
            if (notice != null) {
                a.deprecations.add("Flag --" + name + " has been deprecated, " + notice);
            }
        }
        return a;
    }

    private void addRest(String[] args, int from) {
        for (int j = from; j < args.length; j++) {
            positionals.add(args[j]);
        }
    }

    private int parseLong(Spec spec, String[] args, int i) {
        String arg = args[i];
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        String key = spec.canonical.get(name);
        if (key == null) {
            throw usage(spec, "unknown flag: " + name);
        }
        if (!spec.takesValue.get(key)) {
            String v = eq < 0 ? "true" : goBool(spec, key, arg.substring(eq + 1));
            put(key, v);
            return i;
        }
        if (eq >= 0) {
            put(key, arg.substring(eq + 1));
            return i;
        }
        if (i + 1 >= args.length) {
            throw usage(spec, "flag needs an argument: " + name);
        }
        put(key, args[i + 1]);
        return i + 1;
    }

    private int parseShort(Spec spec, String[] args, int i) {
        String arg = args[i];
        for (int k = 1; k < arg.length(); k++) {
            String name = "-" + arg.charAt(k);
            String key = spec.canonical.get(name);
            if (key == null) {
                throw usage(spec, "unknown shorthand flag: '" + arg.charAt(k) + "' in -" + arg.substring(k));
            }
            if (!spec.takesValue.get(key)) {
                if (k + 2 < arg.length() && arg.charAt(k + 1) == '=') { // pflag: -t=false (the rest is the value)
                    put(key, goBool(spec, key, arg.substring(k + 2)));
                    return i;
                }
                put(key, "true");
                continue;
            }
            String rest = arg.substring(k + 1);
            if (rest.startsWith("=")) {
                rest = rest.substring(1);
            }
            if (!rest.isEmpty()) {
                put(key, rest);
                return i;
            }
            if (i + 1 >= args.length) {
                throw usage(spec, "flag needs an argument: '" + arg.charAt(k) + "' in -" + arg.substring(k));
            }
            put(key, args[i + 1]);
            return i + 1;
        }
        return i;
    }

    /** pflag's bool Set: Go's strconv.ParseBool, normalised to true/false. */
    private static String goBool(Spec spec, String key, String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> "true";
            case "0", "f", "F", "FALSE", "false", "False" -> "false";
            default -> throw invalidArgument(spec, key, v, "strconv.ParseBool: parsing " + goQuote(v)
                    + ": invalid syntax");
        };
    }

    private void put(String key, String v) {
        values.computeIfAbsent(key, x -> new ArrayList<>()).add(v);
    }

    /** A flag error (exit 125), which the entry point words with the command's usage line. */
    public static CliException usage(Spec spec, String message) {
        return CliException.flag(spec, message);
    }

    /** Exactly {@code n} positionals, as cobra's ExactArgs: {@code requires 1 argument}. */
    public void requireExactly(Spec spec, int n) {
        if (positionals.size() != n) {
            throw CliException.arguments(spec, "requires " + n + plural(n), "Run");
        }
    }

    /** At least {@code n} positionals: {@code requires at least 1 argument} ("See" in docker 28's last line). */
    public void requireAtLeast(Spec spec, int n) {
        if (positionals.size() < n) {
            throw CliException.arguments(spec, "requires at least " + n + plural(n), "See");
        }
    }

    /** At most {@code n} positionals: {@code requires at most 1 argument} (docker 28.2.2 then says "SRun", a typo). */
    public void requireAtMost(Spec spec, int n) {
        if (positionals.size() > n) {
            throw CliException.arguments(spec, "requires at most " + n + plural(n), "SRun");
        }
    }

    /** Between {@code min} and {@code max}: {@code requires at least 1 and at most 2 arguments}. */
    public void requireBetween(Spec spec, int min, int max) {
        if (positionals.size() < min || positionals.size() > max) {
            throw CliException.arguments(spec, "requires at least " + min + " and at most " + max + plural(max),
                    "Run");
        }
    }

    /** No positional: {@code accepts no arguments}. */
    public void requireNone(Spec spec) {
        if (!positionals.isEmpty()) {
            throw CliException.arguments(spec, "accepts no arguments", "Run");
        }
    }

    private static String plural(int n) {
        return n == 1 ? " argument" : " arguments";
    }

    /** pflag's {@code invalid argument "v" for "-m, --memory" flag: reason}, as a flag error. */
    public static CliException invalidArgument(Spec spec, String longName, String v, String reason) {
        return usage(spec, "invalid argument " + goQuote(v) + " for \"" + spec.flagName(longName) + "\" flag: "
                + reason);
    }

    /** Go's strconv.Quote (pflag's %q of the value). */
    public static String goQuote(String v) {
        return GoQuote.quote(v);
    }

    /** Go's strconv.ParseInt error text for a value that does not parse. */
    public static String parseIntError(String v) {
        return "strconv.ParseInt: parsing " + goQuote(v) + ": invalid syntax";
    }

    /**
     * pflag's notices for the deprecated options given, which the command prints on stderr before it runs (stop and
     * restart, the commands with a deprecated option).
     */
    public List<String> deprecations() {
        return deprecations;
    }

    /** True when the option was given at all (pflag's Changed), whatever its value. */
    public boolean changed(String longName) {
        return values.containsKey(longName);
    }

    /** True when a boolean flag was given (and not {@code =false}). */
    public boolean has(String longName) {
        List<String> v = values.get(longName);
        return v != null && !"false".equals(v.get(v.size() - 1));
    }

    /** The last value of an option, or null. */
    public String value(String longName) {
        List<String> v = values.get(longName);
        return v == null ? null : v.get(v.size() - 1);
    }

    public String value(String longName, String dflt) {
        String v = value(longName);
        return v == null ? dflt : v;
    }

    /** Every value of a repeatable option, in order. */
    public List<String> values(String longName) {
        return values.getOrDefault(longName, List.of());
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Integer option value; a bad number is a usage error. */
    public Integer intValue(Spec spec, String longName) {
        String v = value(longName);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw invalidArgument(spec, longName, v, parseIntError(v));
        }
    }

    /** Long option value; a bad number is a usage error. */
    public Long longValue(Spec spec, String longName) {
        String v = value(longName);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw invalidArgument(spec, longName, v, parseIntError(v));
        }
    }
}
