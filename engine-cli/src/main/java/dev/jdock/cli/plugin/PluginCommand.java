package dev.jdock.cli.plugin;

import dev.jdock.api.client.DockerHost;
import dev.jdock.cli.context.ContextStore;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.GlobalOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code jdock NAME ...} for a NAME that is no jdock command: the plugin {@code docker-NAME} when a valid one is
 * installed ({@link PluginFinder}, {@link PluginRunner}); and the plugins {@code jdock --help} lists.
 */
public final class PluginCommand {
    private PluginCommand() {
    }

    /** The finder for the config directory that {@code --config} or the environment names. */
    public static PluginFinder finder(GlobalOptions options, Map<String, String> env, Predicate<String> builtin) {
        return PluginFinder.forConfigDir(ContextStore.configDir(options.configDir(), env), builtin);
    }

    /** Every plugin candidate, for {@code jdock --help}. */
    public static List<Plugin> list(GlobalOptions options, Map<String, String> env, Predicate<String> builtin) {
        return finder(options, env, builtin).list();
    }

    /**
     * Runs the valid plugin {@code args[word]} names and returns its exit status; null when there is none (an
     * invalid plugin counts as none, as docker treats it: the caller reports the unknown command).
     */
    public static Integer run(String[] args, int word, GlobalOptions options, Map<String, String> env,
            Predicate<String> builtin, PrintStream err) {
        Plugin p = finder(options, env, builtin).find(args[word]);
        if (p == null || !p.valid()) {
            return null;
        }
        try {
            return PluginRunner.run(p, args, env, dockerHost(options, env), stdoutIsTerminal(), err);
        } catch (IOException e) {
            err.println("fork/exec " + p.path() + ": " + PluginFinder.execReason(e.getMessage()));
            return 1;
        }
    }

    /**
     * Whether stdout is a terminal (docker asks the same of its output stream). Read from /proc: since JDK 22
     * {@code System.console()} is not null for redirected streams.
     */
    static boolean stdoutIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The DOCKER_HOST a plugin needs to reach jdock's endpoint, or null when it finds that endpoint itself: with
     * {@code -H} (in its argv) or a stored context (the same store and config.json) it does; with
     * {@code $JDOCK_HOST} or jdock's default socket (docker's default is another one) it does not.
     */
    public static String dockerHost(GlobalOptions options, Map<String, String> env) {
        if (options.host() != null) {
            return null;
        }
        EndpointResolver resolver = new EndpointResolver(options, env);
        try {
            if (!ContextStore.DEFAULT.equals(resolver.contextName())) {
                return null;
            }
        } catch (IOException e) {
            return null; // the plugin meets the same unreadable config and says so
        }
        String spec = resolver.hostFromEnv();
        if (spec == null) {
            return DockerHost.DEFAULT;
        }
        if (!spec.contains("://")) { // jdock takes a bare socket path, docker does not
            try {
                return DockerHost.parse(spec).toString();
            } catch (IllegalArgumentException e) {
                return spec;
            }
        }
        return spec;
    }
}
