package dev.jdock.cli;

import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.GlobalOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The candidates for the word being completed ({@code jdock __complete WORD... CURRENT}), from the {@link Command}
 * table and each command's {@link Args.Spec}: commands, sub-commands, options, option values where docker completes
 * them, and live names (containers, images, networks, volumes, contexts) from {@link Names}.
 */
final class Completer {
    /** Where live names come from: the daemon and the context store, or a fake in tests. */
    interface Names {
        List<String> containers(boolean runningOnly) throws IOException;

        List<String> images() throws IOException;

        List<String> networks() throws IOException;

        List<String> volumes() throws IOException;

        List<String> contexts() throws IOException;
    }

    private final Names names;

    Completer(Names names) {
        this.names = names;
    }

    /** The candidates starting with the last word of {@code words} (the words after {@code jdock}). */
    List<String> complete(List<String> words) throws IOException {
        String cur = words.get(words.size() - 1);
        List<String> out = new ArrayList<>();
        for (String c : candidates(words.subList(0, words.size() - 1), cur)) {
            if (c.startsWith(cur)) {
                out.add(c);
            }
        }
        return out;
    }

    private List<String> candidates(List<String> before, String cur) throws IOException {
        int k = skipOptions(GlobalOptions.SPEC, before, 0);
        if (k > before.size()) {
            return values(null, GlobalOptions.SPEC.longName(before.get(before.size() - 1)));
        }
        if (k == before.size()) {
            return cur.startsWith("-") ? options(GlobalOptions.SPEC) : commands();
        }
        String word = before.get(k);
        Command.Group group = Command.Group.named(word);
        if (group != null && k + 1 == before.size()) {
            return subCommands(group);
        }
        if (word.equals("completion")) {
            return k + 1 == before.size() ? List.of("bash", "fish", "zsh") : List.of();
        }
        Command cmd = group == null ? Command.named(word) : Command.in(group, before.get(k + 1));
        Args.Spec spec = cmd == null ? null : cmd.spec();
        return spec == null ? List.of() : forCommand(cmd, spec, before.subList(group == null ? k + 1 : k + 2,
                before.size()), cur);
    }

    /** After the command word: an option, an option's value, or a positional argument. */
    private List<String> forCommand(Command cmd, Args.Spec spec, List<String> words, String cur) throws IOException {
        int positional = 0;
        boolean rest = false;
        for (int j = 0; j < words.size(); j++) {
            String a = words.get(j);
            if (rest) {
                positional++;
            } else if (a.equals("--")) {
                rest = true;
            } else if (a.startsWith("-") && !a.equals("-")) {
                int next = skipOptions(spec, words, j);
                if (next > words.size()) {
                    return values(cmd, spec.longName(a.startsWith("--") ? a : "-" + a.charAt(a.length() - 1)));
                }
                j = next - 1;
            } else {
                positional++;
                rest = spec.stopsAtPositional();
            }
        }
        if (!rest && cur.startsWith("-")) {
            List<String> out = options(spec);
            out.add("--help");
            return out;
        }
        return rest && spec.stopsAtPositional() ? List.of() : positional(cmd, positional);
    }

    /**
     * The index after the options that start at {@code from} (each with its value); past the end when the last
     * one still waits for its value.
     */
    private static int skipOptions(Args.Spec spec, List<String> words, int from) {
        int k = from;
        while (k < words.size()) {
            String w = words.get(k);
            if (!w.startsWith("-") || w.equals("-") || w.equals("--")) {
                return k;
            }
            k += needsNext(spec, w) ? 2 : 1;
            if (spec != GlobalOptions.SPEC) { // one option of a command; the global ones run up to the command word
                return k;
            }
        }
        return k;
    }

    /** True when option word {@code w} takes its value from the next word ({@code --name x}, {@code -it x}...). */
    private static boolean needsNext(Args.Spec spec, String w) {
        if (w.startsWith("--")) {
            return !w.contains("=") && spec.takesValue(w);
        }
        for (int c = 1; c < w.length(); c++) {
            if (spec.takesValue("-" + w.charAt(c))) {
                return c == w.length() - 1;
            }
        }
        return false;
    }

    private static List<String> commands() {
        TreeSet<String> out = new TreeSet<>();
        for (Command c : Command.values()) {
            if (c.word() != null) {
                out.add(c.word());
            }
        }
        for (Command.Group g : Command.Group.values()) {
            out.add(g.word());
        }
        return new ArrayList<>(out);
    }

    private static List<String> subCommands(Command.Group group) {
        TreeSet<String> out = new TreeSet<>();
        for (Command c : Command.values()) {
            if (c.group() == group) {
                out.addAll(c.subWords());
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> options(Args.Spec spec) {
        List<String> out = new ArrayList<>();
        for (String[] o : spec.options()) {
            out.add("--" + o[1]);
        }
        return out;
    }

    /** The values docker completes for an option (by its long name), live where they are names. */
    private List<String> values(Command cmd, String option) throws IOException {
        if (option == null) {
            return List.of();
        }
        return switch (option) {
            case "network" -> cmd == Command.BUILD || cmd == Command.BUILDER_BUILD
                    ? List.of("default", "host", "none") : names.networks();
            case "volume" -> names.volumes();
            case "volumes-from", "link" -> names.containers(false);
            case "context", "from" -> names.contexts();
            case "driver" -> cmd == Command.VOLUME_CREATE ? List.of("local") : List.of("bridge");
            case "volume-driver" -> List.of("local");
            case "restart" -> List.of("always", "no", "on-failure", "unless-stopped");
            case "pull" -> List.of("always", "missing", "never");
            case "log-driver" -> List.of("json-file", "local", "none"); // jdockd's drivers (docker asks the daemon)
            case "log-opt" -> List.of("compress=", "max-file=", "max-size=");
            case "storage-opt" -> List.of("size=");
            case "gpus" -> List.of("all");
            case "isolation" -> List.of("default");
            case "platform" -> List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386", "linux/ppc64le",
                    "linux/riscv64", "linux/s390x");
            case "log-level" -> List.of("debug", "error", "fatal", "info", "warn");
            case "ipc" -> List.of("host", "none", "private", "shareable");
            case "pid", "uts", "userns" -> List.of("host");
            case "cgroupns" -> List.of("host", "private");
            case "signal", "stop-signal" -> List.of("SIGHUP", "SIGINT", "SIGKILL", "SIGQUIT", "SIGTERM", "SIGUSR1",
                    "SIGUSR2");
            case "format" -> List.of("json", "table");
            case "type" -> List.of("container", "image", "network", "volume");
            case "progress" -> List.of("auto", "plain", "tty");
            case "attach" -> List.of("STDERR", "STDIN", "STDOUT");
            default -> List.of();
        };
    }

    /** The names a positional argument of {@code cmd} takes (the {@code n}th, from 0); empty for a path. */
    private List<String> positional(Command cmd, int n) throws IOException {
        return switch (cmd) {
            case RUN, CREATE -> n == 0 ? names.images() : List.of();
            case EXEC, ATTACH, KILL, PAUSE, STOP, TOP, STATS -> names.containers(true);
            case CONTAINER_INSPECT -> names.containers(false);
            case COMMIT, DIFF, EXPORT, LOGS, PORT, RENAME, RESTART, RM, START, UNPAUSE, UPDATE, WAIT ->
                    n == 0 || cmd != Command.COMMIT && cmd != Command.PORT && cmd != Command.RENAME
                            ? names.containers(false) : List.of();
            case CP -> withColon(names.containers(false));
            case HISTORY, IMAGE_INSPECT, PUSH, RMI, SAVE, TAG, IMAGES, PULL -> names.images();
            case NETWORK_CONNECT, NETWORK_DISCONNECT -> n == 0 ? names.networks() : names.containers(false);
            case NETWORK_INSPECT, NETWORK_RM -> names.networks();
            case VOLUME_INSPECT, VOLUME_RM -> names.volumes();
            case CONTEXT_INSPECT, CONTEXT_RM, CONTEXT_USE, CONTEXT_UPDATE -> names.contexts();
            case CONTEXT_EXPORT -> n == 0 ? names.contexts() : List.of();
            case INSPECT -> all();
            default -> List.of();
        };
    }

    private List<String> all() throws IOException {
        List<String> out = new ArrayList<>(names.containers(false));
        out.addAll(names.images());
        out.addAll(names.networks());
        out.addAll(names.volumes());
        return out;
    }

    private static List<String> withColon(List<String> containers) {
        List<String> out = new ArrayList<>();
        for (String c : containers) {
            out.add(c + ":");
        }
        return out;
    }
}
