package dev.jdock.cli.command.container;

import dev.jdock.api.client.ContainerApi;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HijackedConnection;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.stream.DetachKeys;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.Terminal;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code jdock attach [--no-stdin] [--sig-proxy=true] [--detach-keys KEYS] CONTAINER}, in the docker CLI's order:
 * wait (registered first), inspect, attach (hijack), resize h+1/w+1 then h/w, stream; the exit status is the
 * container's; detaching prints "read escape sequence" and exits 1.
 */
public final class AttachCommand {
    public static final Args.Spec SPEC = new Args.Spec("attach")
            .flag(null, "no-stdin", "Do not attach STDIN")
            .flag(null, "sig-proxy", "Proxy all received signals to the process", "true")
            .option(null, "detach-keys", "string", "Override the key sequence for detaching a container");

    private AttachCommand() {
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        if (a.positionals().size() != 1) {
            throw CliException.arity("requires 1 argument");
        }
        String keys = a.value("detach-keys");
        if (keys != null && !keys.isEmpty()) {
            try {
                DetachKeys.parse(keys);
            } catch (IllegalArgumentException e) {
                throw new CliException(1, e.getMessage());
            }
        }
        ContainerApi api = new ContainerApi(cli.client());
        String name = a.positionals().get(0);
        ContainerInspect c = api.inspect(name);
        if (!c.state().running()) {
            throw new CliException(1, "You cannot attach to a stopped container, start it first");
        }
        if (c.state().paused()) {
            throw new CliException(1, "You cannot attach to a paused container, unpause it first");
        }
        boolean tty = c.config().tty();
        boolean in = !a.has("no-stdin") && c.config().openStdin();
        ContainerApi.PendingWait wait = api.waitFor(c.id(), "");
        HijackedConnection conn;
        try {
            conn = cli.client().hijack(HttpRequest.post("/containers/" + c.id() + "/attach")
                    .query("detachKeys", keys == null || keys.isEmpty() ? null : keys)
                    .flag("stderr", true).flag("stdin", in).flag("stdout", true).flag("stream", true)
                    .header("Content-Type", "text/plain"));
        } catch (EngineApiException e) {
            wait.close();
            throw new CliException(1, "Error response from daemon: " + e.getMessage());
        }
        InteractiveStream.Options o = new InteractiveStream.Options(keys,
                !"false".equals(a.value("sig-proxy", "true")), false);
        return InteractiveStream.run(cli, api, c.id(), conn, wait, tty, in ? stdin : null,
                tty ? Terminal.size() : null, o);
    }
}
