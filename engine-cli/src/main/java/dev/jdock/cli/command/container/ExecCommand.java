package dev.jdock.cli.command.container;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HijackedConnection;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.io.Terminal;
import dev.jdock.cli.reply.ExecInspectView;
import dev.jdock.cli.reply.IdResponseView;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jdock exec [-i] [-t] [-d] [-u USER] [-w DIR] [-e K=V] [--env-file F] [--privileged] [--detach-keys K]
 * CONTAINER CMD...}, with the docker CLI's sequence: inspect the container, create the exec, start it (hijacked,
 * or detached), resize with a TTY, then read the exit code from the exec's inspect and exit with it.
 */
public final class ExecCommand {
    public static final Args.Spec SPEC = new Args.Spec("exec")
            .flag("i", "interactive", "Keep STDIN open even if not attached")
            .flag("t", "tty", "Allocate a pseudo-TTY")
            .flag("d", "detach", "Detached mode: run command in the background")
            .flag(null, "privileged", "Give extended privileges to the command")
            .option("u", "user", "string", "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
            .option("w", "workdir", "string", "Working directory inside the container")
            .option("e", "env", "list", "Set environment variables")
            .option(null, "env-file", "list", "Read in a file of environment variables")
            .option(null, "detach-keys", "string", "Override the key sequence for detaching a container")
            .stopAtPositional();

    private ExecCommand() {
    }

    public static int run(Cli cli, Args a, InputStream stdin, Map<String, String> environ) throws IOException {
        List<String> pos = a.positionals();
        boolean tty = a.has("tty");
        boolean interactive = a.has("interactive");
        boolean detach = a.has("detach");
        String container = pos.get(0);
        List<String> env = RunOptions.execEnv(SPEC, a, environ);
        cli.client().getBytes("/containers/" + container + "/json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("User", a.value("user", ""));
        body.put("Privileged", a.has("privileged"));
        body.put("Tty", tty);
        body.put("AttachStdin", interactive && !detach);
        body.put("AttachStderr", !detach);
        body.put("AttachStdout", !detach);
        body.put("Detach", detach);
        body.put("DetachKeys", a.value("detach-keys", ""));
        body.put("Env", env.isEmpty() ? null : env);
        body.put("WorkingDir", a.value("workdir", ""));
        body.put("Cmd", pos.subList(1, pos.size()));
        String id = create(cli, container, body);
        if (detach) {
            cli.client().call(HttpRequest.post("/exec/" + id + "/start")
                    .jsonBody(Json.mapper().writeValueAsBytes(Map.of("Detach", true, "Tty", tty))));
            return 0;
        }
        int[] size = tty ? Terminal.size() : null;
        return attach(cli, id, tty, interactive ? stdin : null, size);
    }

    private static String create(Cli cli, String container, Map<String, Object> body) throws IOException {
        HttpRequest req = HttpRequest.post("/containers/" + container + "/exec")
                .jsonBody(Json.mapper().writeValueAsBytes(body));
        try (HttpResponse r = cli.client().execute(req)) {
            return new IdResponseView(MiniJson.parse(r.readAll())).id();
        }
    }

    /** A resize that fails (the exec has ended, say) is not an error of the command, as with the docker CLI. */
    private static void resizeQuietly(Cli cli, String id, int h, int w) {
        try {
            cli.client().call(HttpRequest.post("/exec/" + id + "/resize").query("h", h).query("w", w));
        } catch (IOException | RuntimeException e) {
            // docker only logs this
        }
    }

    private static int attach(Cli cli, String id, boolean tty, InputStream stdin, int[] size) throws IOException {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("Detach", false);
        start.put("Tty", tty);
        if (size != null) {
            start.put("ConsoleSize", List.of(size[0], size[1]));
        }
        Terminal term = new Terminal();
        AutoCloseable winch = null;
        try (HijackedConnection conn = cli.client().hijack(HttpRequest.post("/exec/" + id + "/start")
                .jsonBody(Json.mapper().writeValueAsBytes(start)))) {
            if (size != null) {
                resizeQuietly(cli, id, size[0], size[1]);
                winch = Terminal.onResize(() -> {
                    int[] s = Terminal.size();
                    if (s != null) {
                        resizeQuietly(cli, id, s[0], s[1]);
                    }
                });
                if (stdin != null) {
                    term.makeRaw();
                }
            }
            AttachSession.startInput(conn, stdin);
            AttachSession.copyOutput(conn, tty, cli.out(), cli.err());
        } finally {
            term.restore();
            InteractiveStream.closeQuietly(winch);
        }
        cli.out().flush();
        return (int) new ExecInspectView(MiniJson.parse(cli.client().getBytes("/exec/" + id + "/json"))).exitCode();
    }
}
