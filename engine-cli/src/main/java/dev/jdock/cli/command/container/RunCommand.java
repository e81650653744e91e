package dev.jdock.cli.command.container;

import dev.jdock.api.client.ContainerApi;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HijackedConnection;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.client.ImageApi;
import dev.jdock.api.stream.JsonLinesReader;
import dev.jdock.api.stream.ProgressMessage;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.Terminal;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code run}, {@code create} and {@code start}, in the docker CLI's request order: create (pull on "No such
 * image"), attach (hijack) unless detached, wait (head received) before start, start, stream, exit with the status.
 */
public final class RunCommand {
    public static final Args.Spec START = new Args.Spec("start")
            .flag("a", "attach", "Attach STDOUT/STDERR and forward signals")
            .flag("i", "interactive", "Attach container's STDIN");

    private RunCommand() {
    }

    public static int create(Cli cli, Args a) throws IOException {
        ContainerCreateRequest req = RunOptions.build(a, false, null, System.getenv());
        CidFile cid = CidFile.open(a.value("cidfile"));
        String id;
        try {
            id = createWithPull(cli, a.value("name"), req);
        } catch (CliException e) { // docker 28's create prints the daemon's and the pull's errors plainly, exit 1
            String m = e.getMessage();
            throw new CliException(1, m.startsWith("jdock: ") ? m.substring("jdock: ".length()) : m);
        }
        cid.write(id);
        cli.out().println(id);
        return 0;
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        boolean tty = a.has("tty");
        int[] size = tty && !a.has("detach") ? Terminal.size() : null;
        ContainerCreateRequest req = RunOptions.build(a, true, size, System.getenv());
        String id = createWithPull(cli, a.value("name"), req, a.value("cidfile"));
        ContainerApi api = new ContainerApi(cli.client());
        if (a.has("detach")) {
            try (ContainerApi.PendingWait w = api.waitFor(id, "next-exit")) {
                start(api, id);
            }
            cli.out().println(id);
            return 0;
        }
        HijackedConnection conn = api.attach(id, req.attachStdin(), req.attachStdout(), req.attachStderr());
        ContainerApi.PendingWait wait = api.waitFor(id, a.has("rm") ? "removed" : "next-exit");
        InteractiveStream.Options o = new InteractiveStream.Options(a.value("detach-keys"),
                !"false".equals(a.value("sig-proxy", "true")), true);
        return InteractiveStream.run(cli, api, id, conn, wait, tty, req.attachStdin() ? stdin : null, size, o);
    }

    /** Shared by run and {@code start -a}: start, resize, pump, then the wait status. */
    static int stream(Cli cli, ContainerApi api, String id, HijackedConnection conn, ContainerApi.PendingWait wait,
            boolean tty, InputStream stdin, int[] size) throws IOException {
        return InteractiveStream.run(cli, api, id, conn, wait, tty, stdin, size, InteractiveStream.Options.RUN);
    }

    static void start(ContainerApi api, String id) throws IOException {
        try {
            api.start(id);
        } catch (EngineApiException e) {
            throw new CliException(startExitCode(e.getMessage()), "jdock: Error response from daemon: " + e.getMessage());
        }
    }

    /** The docker CLI's mapping of a start error to 127 (not found), 126 (cannot invoke) or 125. */
    public static int startExitCode(String message) {
        if (message.contains("executable file not found") || message.contains("no such file or directory")
                || message.contains("system error: exec")) {
            return 127;
        }
        if (message.contains("permission denied") || message.contains("is a directory")) {
            return 126;
        }
        return 125;
    }

    /** {@link #createWithPull(Cli, String, ContainerCreateRequest)}, then the ID into {@code --cidfile}. */
    static String createWithPull(Cli cli, String name, ContainerCreateRequest req, String cidfile)
            throws IOException {
        CidFile cid = CidFile.open(cidfile);
        String id = createWithPull(cli, name, req);
        cid.write(id);
        return id;
    }

    /** Creates the container; on "No such image" prints docker's notice, pulls, and retries once. */
    static String createWithPull(Cli cli, String name, ContainerCreateRequest req) throws IOException {
        ContainerApi api = new ContainerApi(cli.client());
        try {
            return created(cli, api.create(name, req));
        } catch (EngineApiException e) {
            if (!e.isNotFound() || !e.getMessage().startsWith("No such image")) {
                throw new CliException(125, "jdock: Error response from daemon: " + e.getMessage());
            }
        }
        cli.err().println("Unable to find image '" + req.image() + "' locally");
        pull(cli, req.image());
        try {
            return created(cli, api.create(name, req));
        } catch (EngineApiException e) {
            throw new CliException(125, "jdock: Error response from daemon: " + e.getMessage());
        }
    }

    private static String created(Cli cli, dev.jdock.api.types.container.ContainerCreateResponse r) {
        if (r.warnings() != null) {
            r.warnings().forEach(w -> cli.err().println("WARNING: " + w));
        }
        return r.id();
    }

    static void pull(Cli cli, String image) throws IOException {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean hasTag = colon > slash && !image.contains("@");
        String repo = hasTag ? image.substring(0, colon) : image;
        String tag = hasTag ? image.substring(colon + 1) : "latest";
        try (HttpResponse r = new ImageApi(cli.client()).pull(repo, tag);
                JsonLinesReader lines = new JsonLinesReader(r.body())) {
            ProgressMessage m;
            while ((m = lines.next(ProgressMessage.class)) != null) {
                if (m.isError()) {
                    throw new CliException(125, "jdock: " + (m.error() != null ? m.error() : m.errorDetail().message()));
                }
                if (m.status() != null) {
                    cli.err().println((m.id() != null ? m.id() + ": " : "") + m.status());
                }
            }
        } catch (EngineApiException e) {
            throw new CliException(125, "jdock: Error response from daemon: " + e.getMessage());
        }
    }

    public static int start(Cli cli, Args a, InputStream stdin) throws IOException {
        if (a.positionals().isEmpty()) {
            throw CliException.arity("requires at least 1 argument");
        }
        ContainerApi api = new ContainerApi(cli.client());
        if (a.has("attach") || a.has("interactive")) {
            String name = a.positionals().get(0);
            var c = api.inspect(name);
            boolean tty = c.config().tty();
            boolean in = a.has("interactive") && c.config().openStdin();
            HijackedConnection conn = api.attach(c.id(), in, true, true);
            ContainerApi.PendingWait wait = api.waitFor(c.id(), "next-exit");
            return stream(cli, api, c.id(), conn, wait, tty, in ? stdin : null, tty ? Terminal.size() : null);
        }
        int rc = 0;
        for (String name : a.positionals()) {
            try {
                api.start(name);
                cli.out().println(name);
            } catch (EngineApiException e) {
                cli.err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        if (rc != 0) {
            cli.err().println("Error: failed to start containers: " + String.join(", ", a.positionals()));
        }
        return rc;
    }
}
