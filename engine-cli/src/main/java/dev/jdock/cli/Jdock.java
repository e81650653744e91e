package dev.jdock.cli;

import dev.jdock.api.client.DaemonUnreachableException;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.context.Endpoint;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.DockerErrors;
import dev.jdock.cli.core.GlobalOptions;
import dev.jdock.cli.plugin.PluginCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The {@code jdock} entry point: global options, then the command from the {@link Command} table (no picocli, no
 * databind on the ps/images/logs/version paths), docker's messages and exit codes.
 */
public final class Jdock {
    private Jdock() {
    }

    public static void main(String[] args) {
        exit(execute(args, System.getenv(), System.in));
    }

    /**
     * Ends the JVM with {@code status} as {@link System#exit} does, without its start-up costs: jdock registers no
     * shutdown hook (nor {@code deleteOnExit}), and {@code Runtime.exit} would first look up the
     * {@code java.lang.Runtime} system logger (JDK 21+: the logging back end found through a {@code ServiceLoader}
     * scan, ~40 classes) only to log nothing. The streams are flushed first, as a normal exit leaves them. A halt
     * still writes a class-data recording ({@code __train}: JDK 17's ArchiveClassesAtExit, JDK 25's AOTMode=record).
     */
    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** Runs one command line and returns the exit status (tests call this). */
    public static int execute(String[] args, Map<String, String> env, InputStream stdin) {
        GlobalOptions options;
        try {
            options = GlobalOptions.parse(args);
        } catch (CliException e) {
            System.err.println(e.getMessage());
            return e.exitCode();
        }
        int i = options.next();
        if (i >= args.length || args[i].equals("--help") || args[i].equals("-h") || args[i].equals("help")) {
            System.out.print(Usage.main(PluginCommand.list(options, env, Jdock::builtin)));
            return i >= args.length ? 1 : 0;
        }
        if (GlobalOptions.isVersion(args[i])) {
            System.out.println("jdock version " + EngineClient.clientVersion());
            return 0;
        }
        if (args[i].equals("__train")) {
            return Train.run(args, i + 1);
        }
        if (args[i].equals("completion") || args[i].equals("__complete")) {
            return Completion.run(env, args, i);
        }
        if (args[i].length() > 1 && args[i].startsWith("-") && !args[i].equals("--")) {
            System.err.println(DockerErrors.globalFlag(args[i]));
            return 125;
        }
        if (!builtin(args[i])) { // docker's order: a plugin, else "unknown command" (before any connection)
            Integer status = PluginCommand.run(args, i, options, env, Jdock::builtin, System.err);
            if (status != null) {
                return status;
            }
            System.err.println(unknown(null, args[i]).getMessage());
            return 1;
        }
        Cli cli;
        try {
            cli = connect(options, env, args[i]);
            if (options.debug()) {
                cli.client().trace(DockerErrors.debugSink(System.err));
            }
            String pinned = env.get("DOCKER_API_VERSION"); // as the docker CLI: a pinned version skips the ping
            if (pinned != null && !pinned.isBlank()) {
                cli.client().pinVersion(dev.jdock.api.ApiVersion.parse(pinned.trim()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (CliException e) {
            System.err.println(e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            System.err.println("Failed to initialize: unable to resolve docker endpoint: " + e.getMessage());
            return 1;
        }
        return dispatch(cli, args, i, stdin);
    }

    /**
     * The client for the endpoint that {@code -H}, {@code --context}, the environment or the current context name
     * ({@link EndpointResolver}). {@code jdock context ...} resolves nothing: it must work whatever the current
     * context is, even one that is gone.
     */
    private static Cli connect(GlobalOptions options, Map<String, String> env, String word) throws IOException {
        EngineClient client;
        if (word.equals(Command.Group.CONTEXT.word())) {
            client = new EngineClient(DockerHost.parse(DockerHost.DEFAULT));
        } else {
            Endpoint endpoint;
            try {
                endpoint = new EndpointResolver(options, env).resolve();
            } catch (IllegalArgumentException e) {
                throw new CliException(1, DockerErrors.badHost(e.getMessage()));
            }
            client = new EngineClient(endpoint.host(), endpoint.dialer(), "jdock/" + EngineClient.clientVersion());
        }
        return new Cli(client, System.out, System.err, System::currentTimeMillis, options, env);
    }

    /** A word jdock runs itself (a command, a group, help); any other word may be a plugin. */
    static boolean builtin(String word) {
        return Command.named(word) != null || Command.Group.named(word) != null || word.equals("help");
    }

    /**
     * Runs {@code jdock WORD ...} or {@code jdock GROUP SUB ...} from {@code args[i]} through the {@link Command}
     * table. {@code jdock GROUP} alone or with {@code --help} prints the group's usage, as docker (stderr without a
     * sub-command, stdout for --help; exit 0); an unknown word is docker's "unknown command" (exit 1).
     */
    public static int dispatch(Cli cli, String[] args, int i, InputStream stdin) {
        Command.Group group = Command.Group.named(args[i]);
        boolean alone = group != null && i + 1 >= args.length;
        if (alone || group != null && (args[i + 1].equals("--help") || args[i + 1].equals("-h"))) {
            (alone ? cli.err() : cli.out()).print(Usage.group(group));
            return 0;
        }
        Command cmd = group == null ? Command.named(args[i]) : Command.in(group, args[i + 1]);
        String runLike = cmd == Command.RUN || cmd == Command.CREATE ? cmd.word() : null;
        try {
            if (cmd == null) {
                throw unknown(group, group == null ? args[i] : args[i + 1]);
            }
            return cmd.run(cli, args, group == null ? i + 1 : i + 2, stdin);
        } catch (CliException e) {
            if (e.kind() == CliException.Kind.FLAG || e.kind() == CliException.Kind.ARGUMENTS) {
                String path = group == null ? args[i] : group.word() + " " + args[i + 1];
                cli.err().println(Usage.commandError(e, path, cmd));
                return e.exitCode();
            }
            return report(cli, e, runLike);
        } catch (IOException | RuntimeException e) {
            // docker 28's create words only its option errors as run does; the daemon's are plain, exit 1
            return report(cli, e, cmd == Command.CREATE ? null : runLike);
        }
    }

    private static CliException unknown(Command.Group group, String word) {
        String parent = group == null ? "jdock" : "jdock " + group.word();
        return new CliException(1, "jdock: unknown command: " + parent + " " + word + "\n\nRun '" + parent
                + " --help' for more information");
    }

    /**
     * Prints a failed command's error as the docker CLI does and returns its exit status ({@code runLike} is
     * "run"/"create" or null): a client-side error ({@link CliException}) with its own text and status; a daemon
     * that cannot be reached, or a request whose connection failed, as a connection error; the daemon's error
     * response; anything else is a jdock bug and says so (it is no connection error). run and create exit 125
     * where other commands exit 1, and prefix "jdock: " with the hint to run --help.
     */
    static int report(Cli cli, Exception e, String runLike) {
        String prefix = runLike != null ? "jdock: " : "";
        int status = runLike != null ? 125 : 1;
        if (e instanceof CliException c && c.helpSpec() != null) {
            cli.out().print(Usage.command(c.helpSpec(), c.helpWords()[0], c.helpWords()[1]));
            return 0;
        }
        if (e instanceof CliException c) {
            printError(cli, c.getMessage(), runLike);
            return c.exitCode();
        }
        String message;
        if (e instanceof DaemonUnreachableException) {
            message = e.getMessage();
        } else if (e instanceof EngineApiException) {
            message = "Error response from daemon: " + e.getMessage();
        } else if (e instanceof java.nio.file.NoSuchFileException f) { // a local file: Go's os.Open text
            message = "open " + f.getFile() + ": no such file or directory";
        } else if (e instanceof java.nio.file.AccessDeniedException f) {
            message = "open " + f.getFile() + ": permission denied";
        } else if (e instanceof IOException) {
            message = "error during connect: " + e.getMessage();
        } else {
            message = "unexpected error (a jdock bug): " + e;
        }
        printError(cli, prefix + message, runLike);
        return status;
    }

    private static void printError(Cli cli, String message, String runLike) {
        if (message != null && !message.isEmpty()) {
            cli.err().println(message);
        }
        if (runLike != null && message != null && message.startsWith("jdock: ")
                && !message.endsWith(" --help' for more information")) {
            cli.err().println("\nRun 'jdock " + runLike + " --help' for more information");
        }
    }
}
