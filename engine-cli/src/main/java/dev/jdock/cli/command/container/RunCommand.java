package dev.jdock.cli.command.container;

import dev.jdock.api.client.ContainerApi;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HijackedConnection;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.client.ImageApi;
import dev.jdock.api.stream.JsonLinesReader;
import dev.jdock.api.stream.ProgressMessage;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.cli.command.CredentialStore;
import dev.jdock.cli.command.DaemonTraits;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.PlatformFlag;
import dev.jdock.cli.io.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code run}, {@code create} and {@code start}, in the docker CLI's request order: create (pull on "No such
 * image"), attach (hijack) unless detached, wait (head received) before start, start, stream, exit with the status.
 */
public final class RunCommand {
    public static final Args.Spec START = new Args.Spec("start")
            .flag("a", "attach", "Attach STDOUT/STDERR and forward signals")
            .flag("i", "interactive", "Attach container's STDIN")
            .option(null, "detach-keys", "string", RunOptions.DETACH_KEYS_HELP)
            .option(null, "checkpoint", "string", "Restore from this checkpoint")
            .option(null, "checkpoint-dir", "string", "Use a custom checkpoint storage directory");

    private RunCommand() {
    }

    public static int create(Cli cli, Args a) throws IOException {
        checkDaemonFlags(cli, a);
        ContainerCreateRequest req = RunOptions.build(a, false, null, System.getenv());
        CidFile cid;
        String id;
        try {
            cid = CidFile.open(a.value("cidfile")); // docker's create: its error plain, exit 1 (run: 125, prefixed)
            id = createWithPull(cli, CreateOptions.of(a, cli.env()), req);
        } catch (CliException e) { // docker 28's create prints the daemon's and the pull's errors plainly, exit 1
            String m = e.getMessage();
            throw new CliException(1, m.startsWith("jdock: ") ? m.substring("jdock: ".length()) : m);
        }
        cid.write(id);
        cli.out().println(id);
        return 0;
    }

    /** docker's checks, before the flags are read, of the flags the daemon must support (its ping tells). */
    private static void checkDaemonFlags(Cli cli, Args a) throws IOException {
        if (!a.positionals().isEmpty()) {
            DaemonTraits.check(cli, ResourceFlags.windowsOnly(a), List.of());
        }
    }

    /**
     * What shapes the create beyond the body: the name, {@code --platform} (sent and pulled), {@code --pull},
     * {@code -q} (no pull output), {@code --use-api-socket} (the daemon's socket mounted).
     */
    record CreateOptions(String name, String platform, String pull, boolean quiet, boolean apiSocket,
            Map<String, String> env) {
        static CreateOptions of(Args a, Map<String, String> env) {
            if (a.changed("disable-content-trust") && !a.has("disable-content-trust")) {
                throw new CliException(125, "jdock: Error: image verification (content trust) is not supported");
            }
            return new CreateOptions(a.value("name"), PlatformFlag.normalize(a.value("platform")),
                    RunOptions.pullPolicy(a), a.has("quiet"), a.has("use-api-socket"), env);
        }
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        boolean tty = a.has("tty");
        int[] size = tty && !a.has("detach") ? Terminal.size() : null;
        checkDaemonFlags(cli, a);
        ContainerCreateRequest req = RunOptions.build(a, true, size, System.getenv());
        if (a.has("detach") && !a.values("attach").isEmpty()) { // docker's runContainer, before the create
            throw new CliException(1, "conflicting options: cannot specify both --attach and --detach");
        }
        String id = createWithPull(cli, CreateOptions.of(a, cli.env()), req, a.value("cidfile"));
        ContainerApi api = new ContainerApi(cli.client());
        if (a.has("detach")) {
            try (ContainerApi.PendingWait w = api.waitFor(id, a.has("rm") ? "removed" : "next-exit")) { // as docker
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

    /** {@link #createWithPull(Cli, CreateOptions, ContainerCreateRequest)}, then the ID into {@code --cidfile}. */
    static String createWithPull(Cli cli, CreateOptions o, ContainerCreateRequest req, String cidfile)
            throws IOException {
        CidFile cid = CidFile.open(cidfile);
        String id = createWithPull(cli, o, req);
        cid.write(id);
        return id;
    }

    /**
     * The docker CLI's createContainer: {@code --pull always} pulls first; the create names the platform; a 404
     * with {@code --pull missing} (the default) prints docker's notice (not with {@code -q}), pulls and retries once;
     * {@code never} answers the daemon's error.
     */
    static String createWithPull(Cli cli, CreateOptions o, ContainerCreateRequest req) throws IOException {
        ApiSocket.Prepared socket = o.apiSocket() ? ApiSocket.prepare(cli, req, o.env()) : null;
        String id = createOrPull(cli, o, socket == null ? req : socket.request());
        if (socket != null && socket.configJson() != null) {
            ApiSocket.inject(cli, id, socket.configJson());
        }
        return id;
    }

    private static String createOrPull(Cli cli, CreateOptions o, ContainerCreateRequest req) throws IOException {
        if (o.pull().equals("always")) {
            pull(cli, req.image(), o.platform(), o.quiet(), o.env());
        }
        try {
            return created(cli, create(cli, o, req));
        } catch (EngineApiException e) {
            if (!e.isNotFound() || !o.pull().equals("missing") || !pullable(e.getMessage())) {
                throw new CliException(125, "jdock: Error response from daemon: " + e.getMessage());
            }
        }
        if (!o.quiet()) {
            cli.err().println("Unable to find image '" + familiar(req.image()) + "' locally");
        }
        pull(cli, req.image(), o.platform(), o.quiet(), o.env());
        try {
            return created(cli, create(cli, o, req));
        } catch (EngineApiException e) {
            throw new CliException(125, "jdock: Error response from daemon: " + e.getMessage());
        }
    }

    /** The 404s a pull may cure: no such image, or one for another platform. */
    private static boolean pullable(String message) {
        return message.startsWith("No such image") || message.startsWith("image with reference ");
    }

    private static dev.jdock.api.types.container.ContainerCreateResponse create(Cli cli, CreateOptions o,
            ContainerCreateRequest req) throws IOException {
        return new ContainerApi(cli.client()).create(o.name(), o.platform(), req);
    }

    /** The reference as docker names it in its notice: familiar, {@code :latest} when it has no tag or digest. */
    static String familiar(String image) {
        try {
            ImageReference ref = ImageReference.parseNamed(image);
            return (ref.tag() == null && ref.digest() == null ? ref.withTag(ImageReference.DEFAULT_TAG) : ref)
                    .familiarString();
        } catch (IllegalArgumentException e) {
            return image;
        }
    }

    private static String created(Cli cli, dev.jdock.api.types.container.ContainerCreateResponse r) {
        if (r.warnings() != null) {
            r.warnings().forEach(w -> cli.err().println("WARNING: " + w));
        }
        return r.id();
    }

    /**
     * Pulls the image (for {@code platform}, when given) with the client's credentials for its registry, as docker's
     * RetrieveAuthTokenFromImage; the progress on stderr unless {@code quiet}.
     */
    static void pull(Cli cli, String image, String platform, boolean quiet, Map<String, String> env)
            throws IOException {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean hasTag = colon > slash && !image.contains("@");
        String repo = hasTag ? image.substring(0, colon) : image;
        String tag = hasTag ? image.substring(colon + 1) : "latest";
        String auth;
        try {
            String domain = ImageReference.parseNamed(image).domain();
            auth = CredentialStore.header(CredentialStore.fromEnv(env).get(CredentialStore.serverKey(domain)));
        } catch (IllegalArgumentException e) {
            auth = "e30=";
        }
        try (HttpResponse r = new ImageApi(cli.client()).pull(repo, tag, platform, auth);
                JsonLinesReader lines = new JsonLinesReader(r.body())) {
            ProgressMessage m;
            while ((m = lines.next(ProgressMessage.class)) != null) {
                if (m.isError()) {
                    throw new CliException(125, "jdock: " + (m.error() != null ? m.error() : m.errorDetail().message()));
                }
                if (m.status() != null && !quiet) {
                    cli.err().println((m.id() != null ? m.id() + ": " : "") + m.status());
                }
            }
        } catch (EngineApiException e) {
            throw new CliException(125, "jdock: Error response from daemon: " + e.getMessage());
        }
    }

    public static int start(Cli cli, Args a, InputStream stdin) throws IOException {
        // experimental flags: refused by docker unless the daemon runs experimental features (jdockd does not)
        DaemonTraits.check(cli, List.of(), Stream.of("checkpoint", "checkpoint-dir").filter(a::changed).toList());
        ContainerApi api = new ContainerApi(cli.client());
        if (a.has("attach") || a.has("interactive")) {
            String name = a.positionals().get(0);
            var c = api.inspect(name);
            boolean tty = c.config().tty();
            boolean in = a.has("interactive") && c.config().openStdin();
            HijackedConnection conn = api.attach(c.id(), in, true, true);
            ContainerApi.PendingWait wait = api.waitFor(c.id(), "next-exit");
            InteractiveStream.Options o = new InteractiveStream.Options(a.value("detach-keys"), true, true);
            return InteractiveStream.run(cli, api, c.id(), conn, wait, tty, in ? stdin : null,
                    tty ? Terminal.size() : null, o);
        }
        int rc = 0;
        for (String name : a.positionals()) {
            try {
                cli.client().call(HttpRequest.post("/containers/" + name + "/start")
                        .query("checkpoint", a.value("checkpoint")).query("checkpoint-dir", a.value("checkpoint-dir")));
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
