package dev.jdock.cli;

import dev.jdock.api.client.DaemonUnreachableException;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.command.InspectCommand;
import dev.jdock.cli.command.container.AttachCommand;
import dev.jdock.cli.command.container.ContainerCommands;
import dev.jdock.cli.command.container.CopyCommand;
import dev.jdock.cli.command.container.ExecCommand;
import dev.jdock.cli.command.container.FileCommands;
import dev.jdock.cli.command.container.LifecycleCommands;
import dev.jdock.cli.command.container.ListCommands;
import dev.jdock.cli.command.container.LogsCommand;
import dev.jdock.cli.command.container.PortCommand;
import dev.jdock.cli.command.container.RunCommand;
import dev.jdock.cli.command.container.RunOptions;
import dev.jdock.cli.command.container.StatsCommand;
import dev.jdock.cli.command.container.TopCommand;
import dev.jdock.cli.command.image.HistoryCommand;
import dev.jdock.cli.command.image.ImageCommands;
import dev.jdock.cli.command.image.ImageListing;
import dev.jdock.cli.command.image.ImagePruneCommand;
import dev.jdock.cli.command.image.RegistryCommands;
import dev.jdock.cli.command.network.NetworkCommands;
import dev.jdock.cli.command.system.EventsCommand;
import dev.jdock.cli.command.system.SystemCommands;
import dev.jdock.cli.command.system.SystemDfCommand;
import dev.jdock.cli.command.volume.VolumeCommands;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The {@code jdock} entry point: global options, then a hand-rolled dispatch (no picocli, no databind on the
 * ps/images/logs/version paths), docker's messages and exit codes.
 */
public final class Jdock {
    static final String USAGE = "Usage:  jdock [OPTIONS] COMMAND\n\n"
            + "A Docker-compatible container engine client\n\n"
            + "Commands:\n"
            + "  run, create, start, ps, logs, stop, kill, rm, wait, inspect,\n"
            + "  images, load, save, import, tag, rmi, version, info\n"
            + "  container {ls,ps,run,create,start,stop,kill,rm,wait,inspect,logs}\n"
            + "  image {ls,inspect,load,save,import,tag,rm}\n\n"
            + "Global Options:\n"
            + "  -H, --host string   Daemon socket to connect to (default $JDOCK_HOST, $DOCKER_HOST, "
            + "unix:///run/jdock.sock)\n";

    private Jdock() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.in));
    }

    /** Runs one command line and returns the exit status (tests call this). */
    public static int execute(String[] args, Map<String, String> env, InputStream stdin) {
        String host = null;
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-H") || a.equals("--host")) && i + 1 < args.length) {
                host = args[++i];
            } else if (a.startsWith("--host=")) {
                host = a.substring(7);
            } else if (a.equals("-D") || a.equals("--debug")) {
                continue;
            } else if ((a.equals("-l") || a.equals("--log-level") || a.equals("--config")) && i + 1 < args.length) {
                i++;
            } else {
                break;
            }
        }
        if (host == null) {
            host = env.getOrDefault("JDOCK_HOST", env.get("DOCKER_HOST"));
        }
        if (i >= args.length || args[i].equals("--help") || args[i].equals("help")) {
            System.out.print(USAGE);
            return i >= args.length ? 1 : 0;
        }
        if (args[i].equals("-v") || args[i].equals("--version")) {
            System.out.println("jdock version " + EngineClient.clientVersion());
            return 0;
        }
        if (args[i].equals("__train")) {
            return Train.run(args, i + 1);
        }
        Cli cli;
        try {
            cli = Cli.forHost(host);
            String pinned = env.get("DOCKER_API_VERSION"); // as the docker CLI: a pinned version skips the ping
            if (pinned != null && !pinned.isBlank()) {
                cli.client().pinVersion(dev.jdock.api.ApiVersion.parse(pinned.trim()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        return dispatch(cli, args, i, stdin);
    }

    /** Resolves group aliases ({@code container ls}, {@code image rm}) and runs the command. */
    public static int dispatch(Cli cli, String[] args, int i, InputStream stdin) {
        String cmd = args[i];
        int from = i + 1;
        if ((cmd.equals("container") || cmd.equals("image")) && from < args.length) {
            cmd = alias(cmd, args[from]);
            from++;
        }
        boolean runLike = cmd.equals("run") || cmd.equals("create");
        try {
            return command(cli, cmd, args, from, stdin);
        } catch (IOException | RuntimeException e) {
            return report(cli, e, runLike ? cmd : null);
        }
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

    public static String alias(String group, String sub) {
        if (group.equals("container")) {
            return switch (sub) {
                case "ls", "list", "ps" -> "ps";
                case "prune" -> "container-prune";
                default -> sub;
            };
        }
        return switch (sub) {
            case "ls", "list" -> "images";
            case "rm", "remove" -> "rmi";
            case "inspect" -> "image-inspect";
            case "prune" -> "image-prune";
            default -> sub;
        };
    }

    static int command(Cli cli, String cmd, String[] args, int from, InputStream stdin) throws IOException {
        switch (cmd) {
            case "ps": return ListCommands.ps(cli, parse(ListCommands.PS, args, from));
            case "images": return ImageListing.run(cli, parse(ImageListing.SPEC, args, from));
            case "history": return HistoryCommand.run(cli, args, from);
            case "image-inspect": return InspectCommand.run(cli, parse(InspectCommand.IMAGE_SPEC, args, from), "image");
            case "image-prune": return ImagePruneCommand.run(cli, parse(ImagePruneCommand.SPEC, args, from), stdin);
            case "system": return SystemDfCommand.group(cli, args, from);
            case "logs": return LogsCommand.run(cli, parse(LogsCommand.SPEC, args, from));
            case "events": return EventsCommand.run(cli, parse(EventsCommand.SPEC, args, from));
            case "stats": return StatsCommand.run(cli, parse(StatsCommand.SPEC, args, from));
            case "top": return TopCommand.run(cli, parse(TopCommand.SPEC, args, from));
            case "version": return SystemCommands.version(cli, parse(SystemCommands.VERSION, args, from));
            case "info": return SystemCommands.info(cli, parse(SystemCommands.INFO, args, from));
            case "run": return RunCommand.run(cli, parse(RunOptions.spec("run"), args, from), stdin);
            case "create": return RunCommand.create(cli, parse(RunOptions.spec("create"), args, from));
            case "start": return RunCommand.start(cli, parse(RunCommand.START, args, from), stdin);
            case "stop": return ContainerCommands.stop(cli, parse(ContainerCommands.STOP, args, from));
            case "kill": return ContainerCommands.kill(cli, parse(ContainerCommands.KILL, args, from));
            case "rm": return ContainerCommands.rm(cli, parse(ContainerCommands.RM, args, from));
            case "wait": return ContainerCommands.waitFor(cli, parse(ContainerCommands.WAIT, args, from));
            case "inspect": return InspectCommand.run(cli, parse(InspectCommand.SPEC, args, from), null);
            case "load": return ImageCommands.load(cli, parse(ImageCommands.LOAD, args, from), stdin);
            case "save": return ImageCommands.save(cli, parse(ImageCommands.SAVE, args, from));
            case "import": return ImageCommands.importImage(cli, parse(ImageCommands.IMPORT, args, from), stdin);
            case "tag": return ImageCommands.tag(cli, parse(ImageCommands.TAG, args, from));
            case "rmi": return ImageCommands.rmi(cli, parse(ImageCommands.RMI, args, from));
            case "cp": return CopyCommand.run(cli, parse(CopyCommand.SPEC, args, from), stdin);
            case "export": return FileCommands.export(cli, parse(FileCommands.EXPORT, args, from));
            case "diff": return FileCommands.diff(cli, parse(FileCommands.DIFF, args, from));
            case "commit": return FileCommands.commit(cli, parse(FileCommands.COMMIT, args, from));
            case "pull": return RegistryCommands.pull(cli, parse(RegistryCommands.PULL, args, from), System.getenv());
            case "push": return RegistryCommands.push(cli, parse(RegistryCommands.PUSH, args, from), System.getenv());
            case "login": return RegistryCommands.login(cli, parse(RegistryCommands.LOGIN, args, from), System.getenv(), stdin);
            case "logout": return RegistryCommands.logout(cli, parse(RegistryCommands.LOGOUT, args, from), System.getenv());
            case "attach": return AttachCommand.run(cli, parse(AttachCommand.SPEC, args, from), stdin);
            case "exec": return ExecCommand.run(cli, parse(ExecCommand.SPEC, args, from), stdin, System.getenv());
            case "restart": return LifecycleCommands.restart(cli, parse(LifecycleCommands.RESTART, args, from));
            case "pause": return LifecycleCommands.pause(cli, parse(LifecycleCommands.PAUSE, args, from));
            case "unpause": return LifecycleCommands.unpause(cli, parse(LifecycleCommands.UNPAUSE, args, from));
            case "rename": return LifecycleCommands.rename(cli, parse(LifecycleCommands.RENAME, args, from));
            case "update": return LifecycleCommands.update(cli, parse(LifecycleCommands.UPDATE, args, from));
            case "container-prune": return LifecycleCommands.prune(cli, parse(LifecycleCommands.PRUNE, args, from), stdin);
            case "network": return NetworkCommands.group(cli, args, from);
            case "volume": return VolumeCommands.group(cli, args, from, stdin);
            case "port": return PortCommand.run(cli, parse(PortCommand.SPEC, args, from));
            default:
                throw new CliException(1, "jdock: unknown command: jdock " + cmd + "\n\nRun 'jdock --help' for more information");
        }
    }

    private static Args parse(Args.Spec spec, String[] args, int from) {
        Args a = Args.parse(spec, args, from);
        if (a.has("help")) {
            throw new CliException(0, "Usage:  jdock " + spec.command() + " [OPTIONS] ...");
        }
        return a;
    }
}
