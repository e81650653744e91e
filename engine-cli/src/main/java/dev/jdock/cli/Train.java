package dev.jdock.cli;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.api.stream.StdcopyReader;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.cli.command.InspectCommand;
import dev.jdock.cli.command.container.ContainerCommands;
import dev.jdock.cli.command.container.ListCommands;
import dev.jdock.cli.command.container.LogsCommand;
import dev.jdock.cli.command.container.RunCommand;
import dev.jdock.cli.command.container.RunOptions;
import dev.jdock.cli.command.image.ImageCommands;
import dev.jdock.cli.command.system.SystemCommands;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.JsonIndent;
import dev.jdock.cli.reply.ContainerSummaryView;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code jdock __train}: runs the common code paths (the hot commands against an in-process canned engine, canned
 * JSON, every command's parser, a failed connect) so an install script can record an AppCDS / AOT archive:
 * {@code java -XX:ArchiveClassesAtExit=cli.jsa -cp … dev.jdock.cli.Jdock __train}.
 */
final class Train {
    static final String PS = "[{\"Id\":\"3f4e1a9c2b7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f\",\"Names\":[\"/t1\"],"
            + "\"Image\":\"busybox\",\"ImageID\":\"sha256:a416\",\"Command\":\"sleep 300\",\"Created\":1795821820,"
            + "\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8081,\"Type\":\"tcp\"}],"
            + "\"Labels\":{\"a\":\"b\"},\"State\":\"running\",\"Status\":\"Up 3 seconds\",\"HostConfig\":{\"NetworkMode\":"
            + "\"default\"},\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\",\"IPPrefixLen\":16,"
            + "\"Aliases\":null}}},\"Mounts\":[],\"SizeRw\":12.5,\"X\":true,\"Y\":false}]";
    static final String IMAGES = "[{\"Id\":\"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824\","
            + "\"ParentId\":\"\",\"RepoTags\":[\"busybox:latest\"],\"RepoDigests\":[\"busybox@sha256:abc\"],"
            + "\"Created\":1795821820,\"Size\":4261234,\"SharedSize\":-1,\"Labels\":null,\"Containers\":-1}]";
    static final String VERSION = "{\"Platform\":{\"Name\":\"jdock Engine\"},\"Components\":[{\"Name\":\"Engine\","
            + "\"Version\":\"0.1\",\"Details\":{\"ApiVersion\":\"1.47\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\"}},"
            + "{\"Name\":\"jdock-monitor\",\"Version\":\"0.1\",\"Details\":{\"GitCommit\":\"x\"}}],"
            + "\"Version\":\"0.1\",\"ApiVersion\":\"1.47\"}";

    static final String INFO = "{\"ID\":\"x\",\"Containers\":1,\"ContainersRunning\":1,\"ContainersPaused\":0,"
            + "\"ContainersStopped\":0,\"Images\":2,\"Driver\":\"overlay2\",\"DriverStatus\":[[\"Backing Filesystem\","
            + "\"extfs\"]],\"LoggingDriver\":\"json-file\",\"CgroupDriver\":\"cgroupfs\",\"CgroupVersion\":\"1\","
            + "\"Runtimes\":{\"runc\":{\"path\":\"jdock-monitor\"}},\"DefaultRuntime\":\"runc\",\"Swarm\":"
            + "{\"LocalNodeState\":\"inactive\"},\"KernelVersion\":\"6.1\",\"OperatingSystem\":\"Debian\",\"OSType\":"
            + "\"linux\",\"Architecture\":\"x86_64\",\"NCPU\":2,\"MemTotal\":25000000000,\"Name\":\"h\","
            + "\"DockerRootDir\":\"/var/lib/jdock\",\"Debug\":false,\"Warnings\":[\"w\\u00e9\"]}";
    static final String INSPECT = "{\"Id\":\"3f4e1a9c2b7d\",\"Name\":\"/t1\",\"Config\":{\"Tty\":false,"
            + "\"Cmd\":[\"sleep\",\"300\"],\"Env\":null},\"State\":{\"Running\":true,\"ExitCode\":0}}";

    /**
     * ps: the lean archive's and the ps archive's own (the ps archive: ps alone, the fewest classes to load). Not
     * {@code ps -s} nor {@code --format}: their template engine (java.time, regex, locale data: ~300 classes) would
     * be loaded by every plain {@code ps}; they load it from the jars.
     */
    static final String[][] PS_LINES = {
        {"ps"}, {"ps", "-a"}, {"ps", "-q"}, {"ps", "--no-trunc"}, {"container", "ls", "-a"},
    };
    /** The other command lines of the hot path (no databind): each one runs against the {@link TrainEngine}. */
    static final String[][] HOT = {
        {"ps", "-s", "--no-trunc"}, {"images"}, {"images", "-q"}, {"images", "--digests"}, {"image", "ls"}, {"version"}, {"info"},
        {"logs", "t1"}, {"stop", "t1"}, {"kill", "t1"}, {"rm", "t1"}, {"wait", "t1"}, {"rm", "nosuch"},
    };
    /**
     * run, create and start: the run archive's own (their classes in the small archive would slow every `ps`, and
     * the full archive's databind would slow every `run`: a JDK 25 cache loads all its classes at start-up).
     */
    static final String[][] RUN = {{"run", "--rm", "busybox", "true"},
        {"run", "-d", "--name", "t1", "-e", "A=1", "busybox", "sleep", "9"}, {"create", "busybox", "true"},
        {"start", "t1"}};
    /** Also trained for the full archive: paths that use databind or jackson-core. */
    static final String[][] FULL = {{"inspect", "t1"}};

    private Train() {
    }

    /**
     * {@code jdock __train [lean|ps|run]}: {@code lean} trains only the hot commands, {@code ps} only ps and
     * {@code run} only run, create and start, so the archives the launcher uses for them stay small (a JDK 25 AOT
     * cache loads every class it holds at start-up); without an argument, every path.
     */
    static int run(String[] args, int from) {
        String mode = from < args.length ? args[from] : "";
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        try {
            for (int k = 0; k < 3; k++) {
                if (!mode.equals("run")) {
                    commands(PS_LINES, sink);
                }
                if (!mode.equals("run") && !mode.equals("ps")) {
                    commands(HOT, sink);
                }
                if (!mode.equals("lean") && !mode.equals("ps")) {
                    commands(RUN, sink);
                }
                if (mode.isEmpty()) {
                    commands(FULL, sink);
                }
            }
            if (mode.isEmpty()) {
                offline(sink);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("__train failed: " + e);
            return 1;
        }
    }

    /** Runs each command line through {@link Jdock#execute} (the real entry path) against a canned engine. */
    private static void commands(String[][] lines, PrintStream sink) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (TrainEngine engine = new TrainEngine()) {
            Map<String, String> env = Map.of("JDOCK_HOST", engine.host());
            System.setOut(sink);
            System.setErr(sink);
            for (String[] line : lines) {
                int rc = Jdock.execute(line, env, InputStream.nullInputStream());
                if (rc != 0 && !line[line.length - 1].equals("nosuch")) {
                    throw new IOException("jdock " + String.join(" ", line) + " exited " + rc);
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The paths that need no engine: canned JSON rendering, every parser, databind, a failed connect. */
    private static void offline(PrintStream sink) throws IOException {
        long now = System.currentTimeMillis();
        sink.print(ListCommands.renderPs(
                ContainerSummaryView.listOf(MiniJson.parse(PS.getBytes(StandardCharsets.UTF_8))), false, true, true,
                now));
        sink.print(JsonIndent.array(List.of(PS.getBytes(StandardCharsets.UTF_8))));
        parsers();
        streams(sink);
        ContainerCreateRequest req = RunOptions.build(Args.parse(RunOptions.spec("run"),
                new String[] {"--rm", "-e", "A=1", "-m", "64m", "--cpus", "0.5", "--ulimit", "nofile=1024:2048",
                        "busybox", "echo", "hi"}, 0), true, null, Map.of());
        byte[] json = Json.mapper().writeValueAsBytes(req);
        Json.mapper().readValue(json, ContainerCreateRequest.class);
        Json.mapper().readValue(VERSION, dev.jdock.api.types.system.SystemVersion.class);
        unreachable();
    }

    private static void parsers() {
        String[] sample = {"-a", "-q", "--no-trunc", "--filter", "name=x", "x"};
        for (Args.Spec s : List.of(ListCommands.PS, ListCommands.IMAGES, LogsCommand.SPEC, SystemCommands.VERSION,
                SystemCommands.INFO, RunCommand.START, ContainerCommands.STOP, ContainerCommands.KILL,
                ContainerCommands.RM, ContainerCommands.WAIT, InspectCommand.SPEC, ImageCommands.LOAD,
                ImageCommands.SAVE, ImageCommands.IMPORT, ImageCommands.TAG, ImageCommands.RMI)) {
            try {
                Args.parse(s, sample, 0);
            } catch (CliException expected) {
                // flags not accepted by this command: the error path is exercised too
            }
        }
        new Filters().add("label=a=b").toJson();
        HttpRequest.get("/containers/json").flag("all", true).query("filters", "{}").target();
    }

    private static void streams(PrintStream sink) throws IOException {
        byte[] frames = new StdcopyFrame(1, "hi\n".getBytes(StandardCharsets.UTF_8)).encode();
        new StdcopyReader(new ByteArrayInputStream(frames)).copyTo(sink, sink);
    }

    private static void unreachable() throws IOException {
        Path dir = Files.createTempDirectory("jdock-train");
        try {
            new EngineClient(DockerHost.unix(dir.resolve("none.sock"))).negotiate();
        } catch (IOException expected) {
            // loads the socket and error classes
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
