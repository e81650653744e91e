package dev.jdock.cli.command.image;

import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.value.ImageReference;
import dev.jdock.cli.command.CredentialStore;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.ProgressDisplay;
import dev.jdock.cli.io.Terminal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code pull}, {@code push}, {@code login}, {@code logout}: the registry commands, with docker's output. */
public final class RegistryCommands {
    public static final Args.Spec PULL = new Args.Spec("pull")
            .flag("a", "all-tags", "Download all tagged images in the repository")
            .option(null, "platform", "string", "Set platform if server is multi-platform capable")
            .flag("q", "quiet", "Suppress verbose output")
            .flag(null, "disable-content-trust", "Skip image verification", "true");
    public static final Args.Spec PUSH = new Args.Spec("push")
            .flag("a", "all-tags", "Push all tags of an image to the repository")
            .flag("q", "quiet", "Suppress verbose output")
            .option(null, "platform", "string", "Push a platform-specific manifest as a single-platform image "
                + "to the registry.\n"
                + "Image index won't be pushed, meaning that other manifests, including attestations won't be "
                + "preserved.\n"
                + "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)")
            .flag(null, "disable-content-trust", "Skip image signing", "true");
    public static final Args.Spec LOGIN = new Args.Spec("login")
            .option("u", "username", "string", "Username")
            .option("p", "password", "string", "Password or Personal Access Token (PAT)")
            .flag(null, "password-stdin", "Take the Password or Personal Access Token (PAT) from stdin");
    public static final Args.Spec LOGOUT = new Args.Spec("logout");

    private RegistryCommands() {
    }

    private static ImageReference parse(String name) {
        try {
            return ImageReference.parseNamed(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(1, e.getMessage());
        }
    }

    private static String authHeader(Map<String, String> env, String domain) throws IOException {
        return CredentialStore.header(CredentialStore.fromEnv(env).get(CredentialStore.serverKey(domain)));
    }

    public static int pull(Cli cli, Args a, Map<String, String> env) throws IOException {
        ImageReference ref = parse(a.positionals().get(0));
        boolean all = a.has("all-tags");
        if (all && (ref.tag() != null || ref.digest() != null)) {
            throw new CliException(1, "tag can't be used with --all-tags/-a");
        }
        if (!all && ref.tag() == null && ref.digest() == null) {
            ref = ref.withTag(ImageReference.DEFAULT_TAG);
            if (!a.has("quiet")) {
                cli.out().println("Using default tag: latest");
            }
        }
        String tag = ref.digest() != null ? ref.digest() : ref.tag();
        HttpRequest req = HttpRequest.post("/images/create").query("fromImage", ref.familiarName())
                .query("tag", tag).query("platform", a.value("platform"))
                .header("X-Registry-Auth", authHeader(env, ref.domain()));
        String err = stream(cli, req, a.has("quiet"));
        if (err != null) {
            cli.err().println(err);
            return 1;
        }
        cli.out().println(all ? ref.name() : ref.toString());
        return 0;
    }

    public static int push(Cli cli, Args a, Map<String, String> env) throws IOException {
        ImageReference ref = parse(a.positionals().get(0));
        boolean all = a.has("all-tags");
        if (!all && ref.tag() == null) {
            ref = ref.withTag(ImageReference.DEFAULT_TAG);
            if (!a.has("quiet")) {
                cli.out().println("Using default tag: latest");
            }
        }
        HttpRequest req = HttpRequest.post("/images/" + ref.familiarName() + "/push").query("tag", ref.tag())
                .header("X-Registry-Auth", authHeader(env, ref.domain()));
        String err = stream(cli, req, a.has("quiet"));
        if (err != null) {
            cli.err().println(err);
            return 1;
        }
        if (a.has("quiet")) {
            cli.out().println(ref.familiarString());
        }
        return 0;
    }

    /** Sends the request and renders its progress stream; returns the stream's error, if any. */
    private static String stream(Cli cli, HttpRequest req, boolean quiet) throws IOException {
        try (HttpResponse r = cli.client().execute(req)) {
            ProgressDisplay d = new ProgressDisplay(quiet ? new java.io.PrintStream(
                    java.io.OutputStream.nullOutputStream()) : cli.out(), !quiet && Terminal.stdoutIsTerminal());
            return d.display(r.body());
        }
    }

    public static int login(Cli cli, Args a, Map<String, String> env, InputStream stdin) throws IOException {
        String server = a.positionals().isEmpty() ? CredentialStore.DOCKER_HUB
                : CredentialStore.serverKey(a.positionals().get(0));
        String user = a.value("username");
        String password = a.value("password");
        if (a.has("password-stdin")) {
            if (password != null) {
                throw new CliException(1, "--password and --password-stdin are mutually exclusive");
            }
            if (user == null) {
                throw new CliException(1, "Must provide --username with --password-stdin");
            }
            password = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            password = password == null ? "" : password.strip();
        } else if (password != null) {
            cli.err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        if (user == null || password == null) {
            java.io.Console console = System.console();
            if (console == null) {
                throw new CliException(1, "Error: Cannot perform an interactive login from a non TTY device");
            }
            user = user != null ? user : console.readLine("Username: ");
            password = password != null ? password : new String(console.readPassword("Password: "));
        }
        if (user == null || user.isBlank()) {
            throw new CliException(1, "Error: Non-null Username Required");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", user);
        body.put("password", password);
        body.put("serveraddress", server);
        try {
            cli.client().call(HttpRequest.post("/auth").jsonBody(
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body)));
        } catch (EngineApiException e) {
            throw new CliException(1, "Error response from daemon: " + e.getMessage());
        }
        CredentialStore store = CredentialStore.fromEnv(env);
        store.store(new CredentialStore.Credentials(user, password, server));
        cli.err().println("\nWARNING! Your credentials are stored unencrypted in '" + store.file() + "'.\n"
                + "Configure a credential helper to remove this warning. See\n"
                + "https://docs.docker.com/go/credential-store/\n");
        cli.out().println("Login Succeeded");
        return 0;
    }

    public static int logout(Cli cli, Args a, Map<String, String> env) throws IOException {
        String server = a.positionals().isEmpty() ? CredentialStore.DOCKER_HUB
                : CredentialStore.serverKey(a.positionals().get(0));
        CredentialStore store = CredentialStore.fromEnv(env);
        if (!store.erase(server)) {
            cli.out().println("Not logged in to " + server);
            return 0;
        }
        cli.out().println("Removing login credentials for " + server);
        return 0;
    }
}
