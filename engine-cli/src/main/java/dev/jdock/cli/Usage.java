package dev.jdock.cli;

import dev.jdock.cli.plugin.Plugin;
import dev.jdock.cli.plugin.PluginHelp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code jdock --help} and {@code jdock GROUP --help}, in the docker CLI's layout, from the {@link Command} table. */
final class Usage {
    /** cobra's minimum name column (docker's {@code rpad .Name .NamePadding}). */
    private static final int MIN_PAD = 11;

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
        return sb.append("\nGlobal Options:\n"
                + "      --config string      Location of client config files (default $DOCKER_CONFIG, ~/.docker)\n"
                + "  -c, --context string     Name of the context to use to connect to the daemon (overrides "
                + "DOCKER_HOST env var and default context set with \"jdock context use\")\n"
                + "  -H, --host string        Daemon socket to connect to (default $JDOCK_HOST, $DOCKER_HOST, "
                + "unix:///run/jdock.sock)\n"
                + "      --tls                Use TLS; implied by --tlsverify\n"
                + "      --tlscacert string   Trust certs signed only by this CA (default $DOCKER_CERT_PATH/ca.pem)\n"
                + "      --tlscert string     Path to TLS certificate file (default $DOCKER_CERT_PATH/cert.pem)\n"
                + "      --tlskey string      Path to TLS key file (default $DOCKER_CERT_PATH/key.pem)\n"
                + "      --tlsverify          Use TLS and verify the remote (default $DOCKER_TLS_VERIFY)\n"
                + "\nRun 'jdock COMMAND --help' for more information on a command.\n").toString();
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
