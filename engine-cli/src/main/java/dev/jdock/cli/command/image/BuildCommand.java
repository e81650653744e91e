package dev.jdock.cli.command.image;

import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.CredentialStore;
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
    private BuildCommand() {
    }

    /** The flags {@code jdock build} takes, for help and completion. */
    public static Args.Spec spec() {
        return BuildFlags.SPEC;
    }

    /** Runs the build {@code a} describes (its flags and the context argument). */
    public static int run(Cli cli, Args a, InputStream stdin, Map<String, String> env) throws IOException {
        if (a.changed("squash")) { // docker asks the ping first, and refuses --squash (even =false) without them
            dev.jdock.cli.command.DaemonTraits.check(cli, java.util.List.of(), java.util.List.of("squash"));
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
                InputStream body = flags.compress() ? gzip(input.body()) : input.body(); // docker's --compress
                req.body(new UploadProgress(body, progOut, terminalWidth > 0), "application/x-tar");
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

    /** The context gzipped while it is read (docker's build --compress: archive.CompressStream, gzip). */
    static InputStream gzip(InputStream tar) throws IOException {
        java.io.PipedInputStream in = new java.io.PipedInputStream(64 * 1024);
        java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
        Thread t = new Thread(() -> {
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 64 * 1024)) {
                tar.transferTo(gz);
            } catch (IOException e) {
                try {
                    out.close(); // the reader sees a truncated stream; the daemon refuses it
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }, "build-context-gzip");
        t.setDaemon(true);
        t.start();
        return in;
    }
}
