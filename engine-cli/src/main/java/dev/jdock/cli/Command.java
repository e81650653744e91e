package dev.jdock.cli;

import dev.jdock.cli.command.InspectCommand;
import dev.jdock.cli.command.container.AttachCommand;
import dev.jdock.cli.command.context.ContextCommands;
import dev.jdock.cli.command.context.ContextListing;
import dev.jdock.cli.command.context.ContextTransfer;
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
import dev.jdock.cli.command.image.BuildCommand;
import dev.jdock.cli.command.image.BuilderPruneCommand;
import dev.jdock.cli.command.image.HistoryCommand;
import dev.jdock.cli.command.image.ImageCommands;
import dev.jdock.cli.command.image.ImageListing;
import dev.jdock.cli.command.image.ImagePruneCommand;
import dev.jdock.cli.command.image.RegistryCommands;
import dev.jdock.cli.command.image.SearchCommand;
import dev.jdock.cli.command.network.NetworkCommands;
import dev.jdock.cli.command.system.DialStdioCommand;
import dev.jdock.cli.command.system.EventsCommand;
import dev.jdock.cli.command.system.SystemCommands;
import dev.jdock.cli.command.system.SystemDfCommand;
import dev.jdock.cli.command.system.SystemPruneCommand;
import dev.jdock.cli.command.volume.VolumeCommands;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The command table: every command {@code jdock} runs, the words that reach it ({@code jdock WORD} and
 * {@code jdock GROUP SUB}), where {@code jdock --help} lists it and its one-line description. {@link Jdock} resolves
 * a command line through it and {@link Usage} prints the help from it, so a name is written once, here.
 *
 * <p>An entry is data; its handler is its arm in {@link #run}, which the compiler checks covers every entry. Not a
 * lambda per entry: the JVM spins a class for each lambda it links, so a table of them would load ~60 classes on
 * every {@code jdock ps} (measured on JDK 25: 60 lambdas in a static table add ~30 ms of CPU to a fresh JVM); an
 * arm loads only the command class it calls, when it runs.
 */
public enum Command {
    // Common Commands, in docker's order
    RUN(Section.COMMON, "run", "Create and run a new container from an image", Group.CONTAINER, "run"),
    EXEC(Section.COMMON, "exec", "Execute a command in a running container", Group.CONTAINER, "exec"),
    PS(Section.COMMON, "ps", "List containers", Group.CONTAINER, "ls", "list", "ps"),
    BUILD(Section.COMMON, "build", "Build an image from a Dockerfile", Group.IMAGE, "build"),
    PULL(Section.COMMON, "pull", "Download an image from a registry", Group.IMAGE, "pull"),
    PUSH(Section.COMMON, "push", "Upload an image to a registry", Group.IMAGE, "push"),
    IMAGES(Section.COMMON, "images", "List images", Group.IMAGE, "ls", "list"),
    LOGIN(Section.COMMON, "login", "Authenticate to a registry", null),
    LOGOUT(Section.COMMON, "logout", "Log out from a registry", null),
    SEARCH(Section.COMMON, "search", "Search Docker Hub for images", null),
    VERSION(Section.COMMON, "version", "Show the jdock version information", null),
    INFO(Section.COMMON, "info", "Display system-wide information", Group.SYSTEM, "info"),

    // Commands, in alphabetical order
    ATTACH(Section.OTHER, "attach", "Attach local standard input, output, and error streams to a running container",
            Group.CONTAINER, "attach"),
    COMMIT(Section.OTHER, "commit", "Create a new image from a container's changes", Group.CONTAINER, "commit"),
    CP(Section.OTHER, "cp", "Copy files/folders between a container and the local filesystem", Group.CONTAINER,
            "cp"),
    CREATE(Section.OTHER, "create", "Create a new container", Group.CONTAINER, "create"),
    DIFF(Section.OTHER, "diff", "Inspect changes to files or directories on a container's filesystem",
            Group.CONTAINER, "diff"),
    EVENTS(Section.OTHER, "events", "Get real time events from the server", Group.SYSTEM, "events"),
    EXPORT(Section.OTHER, "export", "Export a container's filesystem as a tar archive", Group.CONTAINER, "export"),
    HISTORY(Section.OTHER, "history", "Show the history of an image", Group.IMAGE, "history"),
    IMPORT(Section.OTHER, "import", "Import the contents from a tarball to create a filesystem image", Group.IMAGE,
            "import"),
    INSPECT(Section.OTHER, "inspect", "Return low-level information on jdock objects", null),
    KILL(Section.OTHER, "kill", "Kill one or more running containers", Group.CONTAINER, "kill"),
    LOAD(Section.OTHER, "load", "Load an image from a tar archive or STDIN", Group.IMAGE, "load"),
    LOGS(Section.OTHER, "logs", "Fetch the logs of a container", Group.CONTAINER, "logs"),
    PAUSE(Section.OTHER, "pause", "Pause all processes within one or more containers", Group.CONTAINER, "pause"),
    PORT(Section.OTHER, "port", "List port mappings or a specific mapping for the container", Group.CONTAINER,
            "port"),
    RENAME(Section.OTHER, "rename", "Rename a container", Group.CONTAINER, "rename"),
    RESTART(Section.OTHER, "restart", "Restart one or more containers", Group.CONTAINER, "restart"),
    RM(Section.OTHER, "rm", "Remove one or more containers", Group.CONTAINER, "rm", "remove"),
    RMI(Section.OTHER, "rmi", "Remove one or more images", Group.IMAGE, "rm", "remove"),
    SAVE(Section.OTHER, "save", "Save one or more images to a tar archive (streamed to STDOUT by default)",
            Group.IMAGE, "save"),
    START(Section.OTHER, "start", "Start one or more stopped containers", Group.CONTAINER, "start"),
    STATS(Section.OTHER, "stats", "Display a live stream of container(s) resource usage statistics", Group.CONTAINER,
            "stats"),
    STOP(Section.OTHER, "stop", "Stop one or more running containers", Group.CONTAINER, "stop"),
    TAG(Section.OTHER, "tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", Group.IMAGE, "tag"),
    TOP(Section.OTHER, "top", "Display the running processes of a container", Group.CONTAINER, "top"),
    UNPAUSE(Section.OTHER, "unpause", "Unpause all processes within one or more containers", Group.CONTAINER,
            "unpause"),
    UPDATE(Section.OTHER, "update", "Update configuration of one or more containers", Group.CONTAINER, "update"),
    WAIT(Section.OTHER, "wait", "Block until one or more containers stop, then print their exit codes",
            Group.CONTAINER, "wait"),

    // Reached only through their management command
    BUILDER_BUILD(Group.BUILDER, "Build an image from a Dockerfile", "build"),
    BUILDER_PRUNE(Group.BUILDER, "Remove build cache", "prune"),
    CONTAINER_INSPECT(Group.CONTAINER, "Display detailed information on one or more containers", "inspect"),
    CONTAINER_PRUNE(Group.CONTAINER, "Remove all stopped containers", "prune"),
    CONTEXT_CREATE(Group.CONTEXT, "Create a context", "create"),
    CONTEXT_EXPORT(Group.CONTEXT, "Export a context to a tar archive FILE or a tar stream on STDOUT.", "export"),
    CONTEXT_IMPORT(Group.CONTEXT, "Import a context from a tar or zip file", "import"),
    CONTEXT_INSPECT(Group.CONTEXT, "Display detailed information on one or more contexts", "inspect"),
    CONTEXT_LS(Group.CONTEXT, "List contexts", "ls", "list"),
    CONTEXT_RM(Group.CONTEXT, "Remove one or more contexts", "rm", "remove"),
    CONTEXT_SHOW(Group.CONTEXT, "Print the name of the current context", "show"),
    CONTEXT_UPDATE(Group.CONTEXT, "Update a context", "update"),
    CONTEXT_USE(Group.CONTEXT, "Set the current docker context", "use"),
    IMAGE_INSPECT(Group.IMAGE, "Display detailed information on one or more images", "inspect"),
    IMAGE_PRUNE(Group.IMAGE, "Remove unused images", "prune"),
    NETWORK_CONNECT(Group.NETWORK, "Connect a container to a network", "connect"),
    NETWORK_CREATE(Group.NETWORK, "Create a network", "create"),
    NETWORK_DISCONNECT(Group.NETWORK, "Disconnect a container from a network", "disconnect"),
    NETWORK_INSPECT(Group.NETWORK, "Display detailed information on one or more networks", "inspect"),
    NETWORK_LS(Group.NETWORK, "List networks", "ls", "list"),
    NETWORK_PRUNE(Group.NETWORK, "Remove all unused networks", "prune"),
    NETWORK_RM(Group.NETWORK, "Remove one or more networks", "rm", "remove"),
    SYSTEM_DF(Group.SYSTEM, "Show jdock disk usage", "df"),
    SYSTEM_DIAL_STDIO(Group.SYSTEM, "Proxy the stdio stream to the daemon connection. Should not be invoked manually.",
            "dial-stdio"),
    SYSTEM_PRUNE(Group.SYSTEM, "Remove unused data", "prune"),
    VOLUME_CREATE(Group.VOLUME, "Create a volume", "create"),
    VOLUME_INSPECT(Group.VOLUME, "Display detailed information on one or more volumes", "inspect"),
    VOLUME_LS(Group.VOLUME, "List volumes", "ls", "list"),
    VOLUME_PRUNE(Group.VOLUME, "Remove unused local volumes", "prune"),
    VOLUME_RM(Group.VOLUME, "Remove one or more volumes", "rm", "remove");

    /** Where {@code jdock --help} lists a command. */
    public enum Section {
        COMMON("Common Commands"), OTHER("Commands");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The management commands: {@code jdock GROUP SUB} runs the entry with that group and sub-command word. */
    public enum Group {
        BUILDER("builder", "Manage builds"),
        CONTAINER("container", "Manage containers"),
        CONTEXT("context", "Manage contexts"),
        IMAGE("image", "Manage images"),
        NETWORK("network", "Manage networks"),
        SYSTEM("system", "Manage jdock"),
        VOLUME("volume", "Manage volumes");

        private final String word;
        private final String summary;

        Group(String word, String summary) {
            this.word = word;
            this.summary = summary;
        }

        public String word() {
            return word;
        }

        public String summary() {
            return summary;
        }

        /** The group {@code jdock WORD} names, or null. */
        public static Group named(String word) {
            for (Group g : values()) {
                if (g.word.equals(word)) {
                    return g;
                }
            }
            return null;
        }
    }

    private final Section section;
    private final String word;
    private final String summary;
    private final Group group;
    private final List<String> subWords;

    /** A top-level command, also {@code jdock GROUP SUB} for each of {@code subWords} when {@code group} is set. */
    Command(Section section, String word, String summary, Group group, String... subWords) {
        this.section = section;
        this.word = word;
        this.summary = summary;
        this.group = group;
        this.subWords = List.of(subWords);
    }

    /** A command reached only as {@code jdock GROUP SUB}. */
    Command(Group group, String summary, String... subWords) {
        this(null, null, summary, group, subWords);
    }

    /** Where {@code jdock --help} lists it; null when only its group reaches it. */
    public Section section() {
        return section;
    }

    /** {@code jdock WORD}; null when only its group reaches it. */
    public String word() {
        return word;
    }

    public String summary() {
        return summary;
    }

    /** The management command that also reaches it, or null. */
    public Group group() {
        return group;
    }

    /** The words after {@code jdock GROUP}; the first is the one {@code jdock GROUP --help} lists. */
    public List<String> subWords() {
        return subWords;
    }

    /** The command {@code jdock WORD} runs, or null. */
    public static Command named(String word) {
        for (Command c : values()) {
            if (word.equals(c.word)) {
                return c;
            }
        }
        return null;
    }

    /** The command {@code jdock GROUP SUB} runs, or null. */
    public static Command in(Group group, String sub) {
        for (Command c : values()) {
            if (c.group == group && c.subWords.contains(sub)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Runs the command on {@code args[from..]} (its flags and arguments) and returns the exit status. One arm per
     * entry and no default, so an entry without a handler does not compile (hence one long switch).
     */
    public int run(Cli cli, String[] args, int from, InputStream stdin) throws IOException {
        return switch (this) {
            case RUN -> RunCommand.run(cli, parse(RunOptions.spec("run"), args, from), stdin);
            case EXEC -> ExecCommand.run(cli, parse(ExecCommand.SPEC, args, from), stdin, System.getenv());
            case PS -> ListCommands.ps(cli, parse(ListCommands.PS, args, from));
            case BUILD, BUILDER_BUILD -> BuildCommand.run(cli, parse(BuildCommand.spec(), args, from), stdin,
                    System.getenv());
            case PULL -> RegistryCommands.pull(cli, parse(RegistryCommands.PULL, args, from), System.getenv());
            case PUSH -> RegistryCommands.push(cli, parse(RegistryCommands.PUSH, args, from), System.getenv());
            case IMAGES -> ImageListing.run(cli, parse(ImageListing.SPEC, args, from));
            case LOGIN -> RegistryCommands.login(cli, parse(RegistryCommands.LOGIN, args, from), System.getenv(),
                    stdin);
            case LOGOUT -> RegistryCommands.logout(cli, parse(RegistryCommands.LOGOUT, args, from), System.getenv());
            case VERSION -> SystemCommands.version(cli, parse(SystemCommands.VERSION, args, from));
            case SEARCH -> SearchCommand.run(cli, parse(SearchCommand.SPEC, args, from), System.getenv());
            case INFO -> SystemCommands.info(cli, parse(SystemCommands.INFO, args, from));
            case ATTACH -> AttachCommand.run(cli, parse(AttachCommand.SPEC, args, from), stdin);
            case COMMIT -> FileCommands.commit(cli, parse(FileCommands.COMMIT, args, from));
            case CP -> CopyCommand.run(cli, parse(CopyCommand.SPEC, args, from), stdin);
            case CREATE -> RunCommand.create(cli, parse(RunOptions.spec("create"), args, from));
            case DIFF -> FileCommands.diff(cli, parse(FileCommands.DIFF, args, from));
            case EVENTS -> EventsCommand.run(cli, parse(EventsCommand.SPEC, args, from));
            case EXPORT -> FileCommands.export(cli, parse(FileCommands.EXPORT, args, from));
            case HISTORY -> HistoryCommand.run(cli, args, from);
            case IMPORT -> ImageCommands.importImage(cli, parse(ImageCommands.IMPORT, args, from), stdin);
            case INSPECT -> InspectCommand.run(cli, parse(InspectCommand.SPEC, args, from), null);
            case CONTAINER_INSPECT -> InspectCommand.run(cli, parse(InspectCommand.CONTAINER_SPEC, args, from),
                    "container");
            case KILL -> ContainerCommands.kill(cli, parse(ContainerCommands.KILL, args, from));
            case LOAD -> ImageCommands.load(cli, parse(ImageCommands.LOAD, args, from), stdin);
            case LOGS -> LogsCommand.run(cli, parse(LogsCommand.SPEC, args, from));
            case PAUSE -> LifecycleCommands.pause(cli, parse(LifecycleCommands.PAUSE, args, from));
            case PORT -> PortCommand.run(cli, parse(PortCommand.SPEC, args, from));
            case RENAME -> LifecycleCommands.rename(cli, parse(LifecycleCommands.RENAME, args, from));
            case RESTART -> LifecycleCommands.restart(cli, parse(LifecycleCommands.RESTART, args, from));
            case RM -> ContainerCommands.rm(cli, parse(ContainerCommands.RM, args, from));
            case RMI -> ImageCommands.rmi(cli, parse(ImageCommands.RMI, args, from));
            case SAVE -> ImageCommands.save(cli, parse(ImageCommands.SAVE, args, from));
            case START -> RunCommand.start(cli, parse(RunCommand.START, args, from), stdin);
            case STATS -> StatsCommand.run(cli, parse(StatsCommand.SPEC, args, from));
            case STOP -> ContainerCommands.stop(cli, parse(ContainerCommands.STOP, args, from));
            case TAG -> ImageCommands.tag(cli, parse(ImageCommands.TAG, args, from));
            case TOP -> TopCommand.run(cli, parse(TopCommand.SPEC, args, from));
            case UNPAUSE -> LifecycleCommands.unpause(cli, parse(LifecycleCommands.UNPAUSE, args, from));
            case UPDATE -> LifecycleCommands.update(cli, parse(LifecycleCommands.UPDATE, args, from));
            case WAIT -> ContainerCommands.waitFor(cli, parse(ContainerCommands.WAIT, args, from));
            case BUILDER_PRUNE -> BuilderPruneCommand.run(cli, parse(BuilderPruneCommand.SPEC, args, from), stdin);
            case CONTAINER_PRUNE -> LifecycleCommands.prune(cli, parse(LifecycleCommands.PRUNE, args, from), stdin);
            case CONTEXT_CREATE -> ContextCommands.create(cli, parse(ContextCommands.CREATE, args, from));
            case CONTEXT_EXPORT -> ContextTransfer.export(cli, parse(ContextTransfer.EXPORT, args, from));
            case CONTEXT_IMPORT -> ContextTransfer.importContext(cli, parse(ContextTransfer.IMPORT, args, from), stdin);
            case CONTEXT_INSPECT -> ContextListing.inspect(cli, parse(ContextListing.INSPECT, args, from));
            case CONTEXT_LS -> ContextListing.ls(cli, parse(ContextListing.LS, args, from));
            case CONTEXT_RM -> ContextCommands.rm(cli, parse(ContextCommands.RM, args, from));
            case CONTEXT_SHOW -> ContextCommands.show(cli, parse(ContextCommands.SHOW, args, from));
            case CONTEXT_UPDATE -> ContextCommands.update(cli, parse(ContextCommands.UPDATE, args, from));
            case CONTEXT_USE -> ContextCommands.use(cli, parse(ContextCommands.USE, args, from));
            case IMAGE_INSPECT -> InspectCommand.run(cli, parse(InspectCommand.IMAGE_SPEC, args, from), "image");
            case IMAGE_PRUNE -> ImagePruneCommand.run(cli, parse(ImagePruneCommand.SPEC, args, from), stdin);
            case NETWORK_CONNECT -> NetworkCommands.connect(cli, parse(NetworkCommands.CONNECT, args, from));
            case NETWORK_CREATE -> NetworkCommands.create(cli, parse(NetworkCommands.CREATE, args, from));
            case NETWORK_DISCONNECT -> NetworkCommands.disconnect(cli, parse(NetworkCommands.DISCONNECT, args, from));
            case NETWORK_INSPECT -> NetworkCommands.inspect(cli, parse(NetworkCommands.INSPECT, args, from));
            case NETWORK_LS -> NetworkCommands.ls(cli, parse(NetworkCommands.LS, args, from));
            case NETWORK_PRUNE -> NetworkCommands.prune(cli, parse(NetworkCommands.PRUNE, args, from), stdin);
            case NETWORK_RM -> NetworkCommands.rm(cli, parse(NetworkCommands.RM, args, from));
            case SYSTEM_DF -> SystemDfCommand.run(cli, parse(SystemDfCommand.SPEC, args, from));
            case SYSTEM_DIAL_STDIO -> DialStdioCommand.run(cli, parse(DialStdioCommand.SPEC, args, from));
            case SYSTEM_PRUNE -> SystemPruneCommand.run(cli, parse(SystemPruneCommand.SPEC, args, from), stdin);
            case VOLUME_CREATE -> VolumeCommands.create(cli, parse(VolumeCommands.CREATE, args, from));
            case VOLUME_INSPECT -> VolumeCommands.inspect(cli, parse(VolumeCommands.INSPECT, args, from));
            case VOLUME_LS -> VolumeCommands.ls(cli, parse(VolumeCommands.LS, args, from));
            case VOLUME_PRUNE -> VolumeCommands.prune(cli, parse(VolumeCommands.PRUNE, args, from), stdin);
            case VOLUME_RM -> VolumeCommands.rm(cli, parse(VolumeCommands.RM, args, from));
        };
    }

    /**
     * The command's flags; {@code --help} prints the command's help from its spec (exit 0); arguments that break
     * the command's rule ({@link UsageSyntax#checkArguments}) are an error (exit 1).
     */
    private Args parse(Args.Spec spec, String[] args, int from) {
        Args a = Args.parse(spec, args, from);
        if (a.has("help")) {
            throw CliException.help(spec, args, from);
        }
        UsageSyntax.checkArguments(this, spec, a);
        return a;
    }

    /**
     * The flags the command takes (the same spec {@link #run} parses), for {@code --help} and completion; never on
     * the path of a command that runs. Null for an entry not listed here (it then completes no option).
     */
    public Args.Spec spec() {
        return switch (this) {
            case RUN -> RunOptions.spec("run");
            case CREATE -> RunOptions.spec("create");
            case EXEC -> ExecCommand.SPEC;
            case SEARCH -> SearchCommand.SPEC;
            case SYSTEM_PRUNE -> SystemPruneCommand.SPEC;
            case PS -> ListCommands.PS;
            case BUILD, BUILDER_BUILD -> BuildCommand.spec();
            case PULL -> RegistryCommands.PULL;
            case PUSH -> RegistryCommands.PUSH;
            case IMAGES -> ImageListing.SPEC;
            case LOGIN -> RegistryCommands.LOGIN;
            case LOGOUT -> RegistryCommands.LOGOUT;
            case VERSION -> SystemCommands.VERSION;
            case INFO -> SystemCommands.INFO;
            case ATTACH -> AttachCommand.SPEC;
            case COMMIT -> FileCommands.COMMIT;
            case CP -> CopyCommand.SPEC;
            case DIFF -> FileCommands.DIFF;
            case EVENTS -> EventsCommand.SPEC;
            case EXPORT -> FileCommands.EXPORT;
            case HISTORY -> HistoryCommand.SPEC;
            case IMPORT -> ImageCommands.IMPORT;
            case INSPECT -> InspectCommand.SPEC;
            case CONTAINER_INSPECT -> InspectCommand.CONTAINER_SPEC;
            case KILL -> ContainerCommands.KILL;
            case LOAD -> ImageCommands.LOAD;
            case LOGS -> LogsCommand.SPEC;
            case PAUSE -> LifecycleCommands.PAUSE;
            case PORT -> PortCommand.SPEC;
            case RENAME -> LifecycleCommands.RENAME;
            case RESTART -> LifecycleCommands.RESTART;
            case RM -> ContainerCommands.RM;
            case RMI -> ImageCommands.RMI;
            case SAVE -> ImageCommands.SAVE;
            case START -> RunCommand.START;
            case STATS -> StatsCommand.SPEC;
            case STOP -> ContainerCommands.STOP;
            case TAG -> ImageCommands.TAG;
            case TOP -> TopCommand.SPEC;
            case UNPAUSE -> LifecycleCommands.UNPAUSE;
            case UPDATE -> LifecycleCommands.UPDATE;
            case WAIT -> ContainerCommands.WAIT;
            case BUILDER_PRUNE -> BuilderPruneCommand.SPEC;
            case CONTAINER_PRUNE -> LifecycleCommands.PRUNE;
            case CONTEXT_CREATE -> ContextCommands.CREATE;
            case CONTEXT_EXPORT -> ContextTransfer.EXPORT;
            case CONTEXT_IMPORT -> ContextTransfer.IMPORT;
            case CONTEXT_INSPECT -> ContextListing.INSPECT;
            case CONTEXT_LS -> ContextListing.LS;
            case CONTEXT_RM -> ContextCommands.RM;
            case CONTEXT_SHOW -> ContextCommands.SHOW;
            case CONTEXT_UPDATE -> ContextCommands.UPDATE;
            case CONTEXT_USE -> ContextCommands.USE;
            case IMAGE_INSPECT -> InspectCommand.IMAGE_SPEC;
            case IMAGE_PRUNE -> ImagePruneCommand.SPEC;
            case NETWORK_CONNECT -> NetworkCommands.CONNECT;
            case NETWORK_CREATE -> NetworkCommands.CREATE;
            case NETWORK_DISCONNECT -> NetworkCommands.DISCONNECT;
            case NETWORK_INSPECT -> NetworkCommands.INSPECT;
            case NETWORK_LS -> NetworkCommands.LS;
            case NETWORK_PRUNE -> NetworkCommands.PRUNE;
            case NETWORK_RM -> NetworkCommands.RM;
            case SYSTEM_DF -> SystemDfCommand.SPEC;
            case SYSTEM_DIAL_STDIO -> DialStdioCommand.SPEC;
            case VOLUME_CREATE -> VolumeCommands.CREATE;
            case VOLUME_INSPECT -> VolumeCommands.INSPECT;
            case VOLUME_LS -> VolumeCommands.LS;
            case VOLUME_PRUNE -> VolumeCommands.PRUNE;
            case VOLUME_RM -> VolumeCommands.RM;
            default -> null;
        };
    }
}
