package dev.jdock.cli;

import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.GlobalOptions;
import dev.jdock.cli.plugin.Plugin;
import dev.jdock.cli.plugin.PluginHelp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code jdock --help}, {@code jdock GROUP --help} and {@code jdock CMD --help}, in the docker CLI's layout, from the
 * {@link Command} table and each command's {@link Args.Spec} (the options with their types, defaults and
 * descriptions). Loaded only when help is asked for.
 */
final class Usage {
    /** cobra's minimum name column (docker's {@code rpad .Name .NamePadding}). */
    private static final int MIN_PAD = 11;
    /** The width docker wraps option descriptions at when stdin is no terminal (80 columns, less one). */
    static final int COLUMNS = 79;

    private Usage() {
    }

    /** {@code jdock --help} without plugins. */
    static String main() {
        return main(List.of());
    }

    /** {@code jdock --help}: Common Commands, Management Commands (and plugins), Commands, then the global options. */
    static String main(List<Plugin> plugins) {
        StringBuilder sb = new StringBuilder("Usage:  jdock [OPTIONS] COMMAND\n\n"
                + "A Docker-compatible container engine client\n");
        section(sb, Command.Section.COMMON.title(), top(Command.Section.COMMON));
        Map<String, String> groups = new TreeMap<>();
        for (Command.Group g : Command.Group.values()) {
            groups.put(g.word(), g.summary());
        }
        groups.putAll(PluginHelp.managementEntries(plugins));
        section(sb, "Management Commands", groups);
        section(sb, Command.Section.OTHER.title(), new TreeMap<>(top(Command.Section.OTHER)));
        sb.append(PluginHelp.invalidSection(plugins));
        return sb.append("\nGlobal Options:\n").append(options(GlobalOptions.SPEC.options(), COLUMNS))
                .append("\nRun 'jdock COMMAND --help' for more information on a command.\n"
                + "\nFor more help on how to use jdock, head to https://docs.docker.com/go/guides/\n").toString();
    }

    /**
     * {@code jdock CMD --help} or {@code jdock GROUP SUB --help}: Usage (as it was called), the description, the
     * aliases, then every option as pflag lists them.
     */
    static String command(Args.Spec spec, String before, String word) {
        Command.Group group = before == null ? null : Command.Group.named(before);
        Command cmd = group == null ? null : Command.in(group, word);
        String path = cmd != null ? group.word() + " " + word : word;
        if (cmd == null) {
            cmd = Command.named(word);
        }
        List<String[]> opts = spec.options();
        StringBuilder sb = new StringBuilder("Usage:  ").append(line(spec, path, cmd));
        sb.append("\n\n").append(cmd == null ? "" : UsageSyntax.description(cmd)).append('\n');
        String aliases = cmd == null ? null : aliases(cmd);
        if (aliases != null) {
            sb.append("\nAliases:\n  ").append(aliases).append('\n');
        }
        if (!opts.isEmpty()) {
            sb.append("\nOptions:\n").append(options(opts, COLUMNS));
        }
        return sb.toString();
    }

    /** {@code jdock PATH SYNTAX}: the usage line of {@code cmd} called as {@code jdock path}. */
    static String line(Args.Spec spec, String path, Command cmd) {
        boolean options = !spec.options().isEmpty();
        String syntax = cmd == null ? (options ? "[OPTIONS]" : "") : UsageSyntax.of(cmd, options);
        return "jdock " + path + (syntax.isEmpty() ? "" : " " + syntax);
    }

    /**
     * A flag error or wrong arguments of {@code cmd} called as {@code jdock path}, in docker 28's layout: the
     * message (arguments: {@code jdock: 'jdock ps' accepts no arguments}), the usage line, the hint.
     */
    static String commandError(CliException e, String path, Command cmd) {
        String message = e.kind() == CliException.Kind.ARGUMENTS ? "jdock: 'jdock " + path + "' " + e.detail()
                : e.detail();
        return message + "\n\nUsage:  " + line(e.spec(), path, cmd) + "\n\n" + e.hint() + " 'jdock " + path
                + " --help' for more information";
    }

    /** Every way to call {@code cmd} when there is more than one, in docker's order; else null. */
    static String aliases(Command cmd) {
        List<String> all = new java.util.ArrayList<>();
        for (String sub : cmd.subWords()) {
            all.add("jdock " + cmd.group().word() + " " + sub);
        }
        if (cmd.word() != null) {
            all.add("jdock " + cmd.word());
        }
        if (cmd == Command.BUILD || cmd == Command.BUILDER_BUILD) { // one command, reached from two groups
            all = List.of("jdock image build", "jdock build", "jdock builder build");
        }
        return all.size() < 2 ? null : String.join(", ", all);
    }

    /**
     * The options as pflag's {@code FlagUsagesWrapped(cols)} prints them: {@code -x, --long type}, the descriptions
     * in one column two spaces after the longest, {@code (default ...)} after a non-zero default, wrapped.
     */
    static String options(List<String[]> rows, int cols) {
        String[] heads = new String[rows.size()];
        int maxlen = 0;
        for (int k = 0; k < heads.length; k++) {
            String[] r = rows.get(k);
            String h = (r[0] != null ? "  -" + r[0] + ", --" : "      --") + r[1];
            heads[k] = r[2].isEmpty() ? h : h + " " + r[2];
            maxlen = Math.max(maxlen, heads[k].length() + 1);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < heads.length; k++) {
            String[] r = rows.get(k);
            String usage = r[4] == null ? r[3] : r[3] + " (default " + r[4] + ")";
            sb.append(heads[k]).append(' ').append(" ".repeat(maxlen - heads[k].length())).append(' ')
                    .append(wrap(maxlen + 2, cols, usage)).append('\n');
        }
        return sb.toString();
    }

    /** pflag's {@code wrap(i, w, s)}: {@code s} wrapped at {@code w} columns, later lines indented by {@code i}. */
    static String wrap(int i, int w, String s) {
        int width = w - i;
        String r = "";
        if (width < 24) {
            i = 16;
            width = w - i;
            r = "\n" + " ".repeat(i);
        }
        String indent = "\n" + " ".repeat(i);
        if (width < 24) {
            return r + s.replace("\n", r);
        }
        int slop = 5;
        width -= slop;
        String[] ls = wrapN(width, slop, s);
        StringBuilder sb = new StringBuilder(r).append(ls[0].replace("\n", indent));
        while (!ls[1].isEmpty()) {
            ls = wrapN(width, slop, ls[1]);
            sb.append(indent).append(ls[0].replace("\n", indent));
        }
        return sb.toString();
    }

    /** pflag's {@code wrapN}: the first line of {@code s} (at most {@code i} + slop long) and the rest. */
    private static String[] wrapN(int i, int slop, String s) {
        if (i + slop > s.length()) {
            return new String[] {s, ""};
        }
        String head = s.substring(0, i);
        int w = Math.max(Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t')), head.lastIndexOf('\n'));
        if (w <= 0) {
            return new String[] {s, ""};
        }
        int nl = head.lastIndexOf('\n');
        if (nl > 0 && nl < w) {
            return new String[] {s.substring(0, nl), s.substring(nl + 1)};
        }
        return new String[] {s.substring(0, w), s.substring(w + 1)};
    }

    /** {@code jdock GROUP --help}: its sub-commands (each by its first word), sorted as cobra sorts them. */
    static String group(Command.Group group) {
        Map<String, String> subs = new TreeMap<>();
        for (Command c : Command.values()) {
            if (c.group() == group) {
                subs.put(c.subWords().get(0), c.summary());
            }
        }
        StringBuilder sb = new StringBuilder("Usage:  jdock " + group.word() + " COMMAND\n\n" + group.summary()
                + "\n");
        section(sb, "Commands", subs);
        return sb.append("\nRun 'jdock ").append(group.word())
                .append(" COMMAND --help' for more information on a command.\n").toString();
    }

    /** The top-level commands of a section, in table order. */
    private static Map<String, String> top(Command.Section section) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Command c : Command.values()) {
            if (c.section() == section) {
                out.put(c.word(), c.summary());
            }
        }
        return out;
    }

    private static void section(StringBuilder sb, String title, Map<String, String> commands) {
        int pad = MIN_PAD;
        for (String name : commands.keySet()) {
            pad = Math.max(pad, name.length());
        }
        sb.append('\n').append(title).append(":\n");
        for (Map.Entry<String, String> e : commands.entrySet()) {
            sb.append("  ").append(e.getKey()).append(" ".repeat(pad - e.getKey().length() + 1)).append(e.getValue())
                    .append('\n');
        }
    }
}
