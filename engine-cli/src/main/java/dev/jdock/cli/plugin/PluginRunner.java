package dev.jdock.cli.plugin;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a plugin as the docker CLI 28 does: argv {@code docker-NAME} followed by every argument jdock got (global
 * options included: the plugin parses them itself), stdin/stdout/stderr inherited, its exit status returned. Its
 * environment is jdock's plus {@code DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND}, {@code DOCKER_CLI_PLUGIN_SOCKET},
 * {@code OTEL_RESOURCE_ATTRIBUTES} and, when jdock's endpoint would not be the plugin's, {@code DOCKER_HOST}.
 *
 * <p>Signals as docker handles them: SIGINT/SIGTERM do not end jdock while the plugin runs. On a terminal the
 * kernel delivers them to the plugin too (same process group), so jdock does nothing; otherwise the first closes
 * the plugin socket (the plugin reads EOF and stops) and the third kills the plugin ("got 3 SIGTERM/SIGINTs,
 * forcefully exiting", exit 1).
 */
public final class PluginRunner {
    public static final String ORIGINAL_CLI_COMMAND = "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND";
    public static final String SOCKET = "DOCKER_CLI_PLUGIN_SOCKET";
    static final String OTEL = "OTEL_RESOURCE_ATTRIBUTES";
    static final int FORCE_AFTER = 3;

    private PluginRunner() {
    }

    /** The variables set for the plugin on top of {@code env}; {@code dockerHost} null leaves DOCKER_HOST alone. */
    public static Map<String, String> environment(Plugin plugin, Map<String, String> env, String dockerHost,
            String socket) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ORIGINAL_CLI_COMMAND, "jdock");
        if (socket != null) {
            out.put(SOCKET, socket);
        }
        String attr = "docker.cli.cobra.command_path=jdock%20" + plugin.name();
        String previous = env.get(OTEL);
        out.put(OTEL, previous == null || previous.isEmpty() ? attr : previous + "," + attr);
        if (dockerHost != null) {
            out.put("DOCKER_HOST", dockerHost);
        }
        return out;
    }

    /** The plugin's argv: its path, then jdock's arguments as given. */
    public static List<String> argv(Plugin plugin, String[] args) {
        List<String> cmd = new ArrayList<>(args.length + 1);
        cmd.add(plugin.path().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the plugin to its end and returns its exit status. */
    public static int run(Plugin plugin, String[] args, Map<String, String> env, String dockerHost,
            boolean terminal, PrintStream err) throws IOException {
        try (PluginSocket socket = PluginSocket.open()) {
            ProcessBuilder pb = new ProcessBuilder(argv(plugin, args)).inheritIO();
            Map<String, String> childEnv = pb.environment();
            childEnv.clear(); // jdock's environment as it was given (System.getenv() outside tests)
            childEnv.putAll(env);
            childEnv.putAll(environment(plugin, env, dockerHost, socket.address()));
            System.out.flush();
            AtomicReference<Process> child = new AtomicReference<>();
            CountDownLatch forced = new CountDownLatch(1);
            List<Runnable> restore = onTermination(child, socket, terminal, err, forced); // before the plugin runs
            try {
                Process p = pb.start();
                child.set(p);
                int status = waitFor(p);
                if (forced.getCount() == 0) {
                    // the third signal killed the plugin: its status (137) is not jdock's; the handler exits 1
                    return 1;
                }
                return status;
            } finally {
                restore.forEach(Runnable::run);
            }
        }
    }

    /** Waits out the plugin: it owns the terminal until it ends (an interrupt is kept for the caller). */
    private static int waitFor(Process p) {
        boolean interrupted = false;
        while (true) {
            try {
                int status = p.waitFor();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return status;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** Installs the INT/TERM handlers; returns what restores the previous ones. */
    private static List<Runnable> onTermination(AtomicReference<Process> child, PluginSocket socket, boolean terminal,
            PrintStream err, CountDownLatch forced) {
        AtomicInteger count = new AtomicInteger();
        List<Runnable> restore = new ArrayList<>();
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal sig = new sun.misc.Signal(name);
                sun.misc.SignalHandler prev = sun.misc.Signal.handle(sig,
                        s -> terminate(count.incrementAndGet(), child.get(), socket, terminal, err, forced));
                restore.add(() -> sun.misc.Signal.handle(sig, prev));
            } catch (IllegalArgumentException | LinkageError e) {
                // not available on this VM: that signal keeps its default
            }
        }
        return restore;
    }

    /**
     * The third INT/TERM (not on a terminal) kills the plugin and exits 1, as docker. {@code forced} opens before the
     * plugin is killed, so the thread waiting for the plugin does not exit with its status (137) first.
     */
    static void terminate(int signals, Process p, PluginSocket socket, boolean terminal, PrintStream err,
            CountDownLatch forced) {
        if (terminal) {
            return;
        }
        socket.notifyExit();
        if (signals >= FORCE_AFTER) {
            forced.countDown();
            socket.close(); // halt skips the caller's close: remove the socket's directory here
            err.print("got 3 SIGTERM/SIGINTs, forcefully exiting\n");
            err.flush();
            if (p != null) {
                p.destroyForcibly();
            }
            Runtime.getRuntime().halt(1);
        }
    }
}
