package dev.jdock.cli.command.image;

import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;

/**
 * {@code jdock build [OPTIONS] PATH | URL | -}: the docker CLI's legacy builder (the classic {@code POST /build}).
 * The context is packed while it is sent, with "Sending build context to Docker daemon" as docker prints it; the
 * messages are shown as docker shows them, or in a compact live view on a terminal ({@code --progress}); {@code -q}
 * prints only the image ID (and everything, on stderr, when the build fails); a failed step exits with its code.
 */
public final class BuildCommand {
    static final String HELP = "Usage:  " + BuildFlags.USAGE + "\n\nBuild an image from a Dockerfile\n\n"
            + "Aliases:\n  jdock image build, jdock build, jdock builder build\n\nOptions:\n"
            + "      --add-host list           Add a custom host-to-IP mapping (\"host:ip\")\n"
            + "      --build-arg list          Set build-time variables\n"
            + "      --cache-from strings      Images to consider as cache sources\n"
            + "      --cgroup-parent string    Set the parent cgroup for the \"RUN\" instructions during build\n"
            + "      --cpu-period int          Limit the CPU CFS (Completely Fair Scheduler) period\n"
            + "      --cpu-quota int           Limit the CPU CFS (Completely Fair Scheduler) quota\n"
            + "  -c, --cpu-shares int          CPU shares (relative weight)\n"
            + "      --cpuset-cpus string      CPUs in which to allow execution (0-3, 0,1)\n"
            + "      --cpuset-mems string      MEMs in which to allow execution (0-3, 0,1)\n"
            + "  -f, --file string             Name of the Dockerfile (Default is \"PATH/Dockerfile\")\n"
            + "      --force-rm                Always remove intermediate containers\n"
            + "      --iidfile string          Write the image ID to the file\n"
            + "      --isolation string        Container isolation technology\n"
            + "      --label list              Set metadata for an image\n"
            + "  -m, --memory bytes            Memory limit\n"
            + "      --memory-swap bytes       Swap limit equal to memory plus swap: -1 to enable unlimited swap\n"
            + "      --network string          Set the networking mode for the RUN instructions during build\n"
            + "                                (default \"default\")\n"
            + "      --no-cache                Do not use cache when building the image\n"
            + "      --platform string         Set platform if server is multi-platform capable\n"
            + "      --progress string         Set type of progress output (auto, plain, tty) (default \"auto\")\n"
            + "      --pull                    Always attempt to pull a newer version of the image\n"
            + "  -q, --quiet                   Suppress the build output and print image ID on success\n"
            + "      --rm                      Remove intermediate containers after a successful build\n"
            + "                                (default true)\n"
            + "      --shm-size bytes          Size of \"/dev/shm\"\n"
            + "      --squash                  Squash newly built layers into a single new layer (refused by jdockd)\n"
            + "  -t, --tag list                Name and optionally a tag in the \"name:tag\" format\n"
            + "      --target string           Set the target build stage to build.\n"
            + "      --ulimit ulimit           Ulimit options (default [])";

    private BuildCommand() {
    }

    /** Parses {@code args[from..]} ({@code --help} prints the options) and runs the build. */
    public static int run(Cli cli, String[] args, int from, InputStream stdin, Map<String, String> env)
            throws IOException {
        Args a = Args.parse(BuildFlags.SPEC, args, from);
        if (a.has("help")) {
            throw new CliException(0, HELP);
        }
        int[] size = Terminal.isTerminal() ? Terminal.size() : null;
        return build(cli, new BuildFlags(a, env), stdin, env, Path.of("").toAbsolutePath(),
                size == null ? 0 : size[1]);
    }

    /** The build; {@code terminalWidth} is 0 when stdout is no terminal. */
    static int build(Cli cli, BuildFlags flags, InputStream stdin, Map<String, String> env, Path cwd,
            int terminalWidth) throws IOException {
        flags.validate();
        String context = flags.context();
        String iidfile = flags.iidfile();
        if (iidfile != null && !iidfile.isEmpty()) {
            Files.deleteIfExists(cwd.resolve(iidfile)); // no stale ID when this build fails
        }
        boolean quiet = flags.quiet();
        ByteArrayOutputStream progBuff = new ByteArrayOutputStream();
        ByteArrayOutputStream buildBuff = new ByteArrayOutputStream();
        PrintStream progOut = quiet ? new PrintStream(progBuff, true, StandardCharsets.UTF_8) : cli.out();
        try (BuildInput input = BuildInput.resolve(context, flags.file(), stdin, cwd)) {
            HttpRequest req = flags.request(input.dockerfile(), input.remote())
                    .header("X-Registry-Config", CredentialStore.fromEnv(env).registryConfig());
            if (input.body() != null) {
                req.body(new UploadProgress(input.body(), progOut, terminalWidth > 0), "application/x-tar");
            }
            BuildStream.Result result;
            try (HttpResponse r = cli.client().execute(req)) {
                result = show(cli, flags, r.body(), quiet ? new PrintStream(buildBuff, true, StandardCharsets.UTF_8)
                        : null, terminalWidth);
            } catch (EngineApiException e) {
                if (quiet) {
                    cli.err().print(progBuff.toString(StandardCharsets.UTF_8));
                }
                throw e;
            }
            if (result.error() != null) {
                if (quiet) {
                    cli.err().print(progBuff.toString(StandardCharsets.UTF_8)
                            + buildBuff.toString(StandardCharsets.UTF_8));
                }
                throw new CliException(result.exitCode(), result.error());
            }
            String imageId = result.imageId();
            if (quiet) { // the daemon sent only the ID: docker prints (and saves) that text as it is
                imageId = buildBuff.toString(StandardCharsets.UTF_8);
                cli.out().print(imageId);
                cli.out().flush();
            }
            writeIidfile(cwd, iidfile, imageId);
        }
        return 0;
    }

    private static BuildStream.Result show(Cli cli, BuildFlags flags, InputStream body, PrintStream quietOut,
            int terminalWidth) throws IOException {
        BuildFlags.Progress p = flags.progress();
        boolean tty = quietOut == null && (p == BuildFlags.Progress.TTY
                || p == BuildFlags.Progress.AUTO && terminalWidth > 0);
        if (!tty) {
            return BuildStream.read(body, new BuildStream.Plain(quietOut != null ? quietOut : cli.out()));
        }
        BuildTtyView view = new BuildTtyView(cli.out(), cli::now, terminalWidth > 0 ? terminalWidth : 80);
        Timer ticker = new Timer("build-progress", true);
        ticker.scheduleAtFixedRate(new TimerTask() {
            @Override
            public void run() {
                view.tick();
            }
        }, 250, 250);
        try {
            return BuildStream.read(body, view);
        } finally {
            ticker.cancel();
        }
    }

    private static void writeIidfile(Path cwd, String iidfile, String imageId) throws IOException {
        if (iidfile == null || iidfile.isEmpty()) {
            return;
        }
        if (imageId == null || imageId.isEmpty()) {
            throw new CliException(1, "Server did not provide an image ID. Cannot write " + iidfile);
        }
        Files.writeString(cwd.resolve(iidfile), imageId);
    }
}
