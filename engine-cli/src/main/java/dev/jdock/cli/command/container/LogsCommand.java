package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.stream.StdcopyReader;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.TimeArgs;
import dev.jdock.cli.reply.ContainerInspectView;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** {@code jdock logs [-f] [--tail N] [-t] [--since] [--until] CONTAINER}: checks Config.Tty, then copies. */
public final class LogsCommand {
    public static final Args.Spec SPEC = new Args.Spec("logs")
            .flag("f", "follow", "Follow log output")
            .option("n", "tail", "string", "Number of lines to show from the end of the logs", "\"all\"")
            .flag("t", "timestamps", "Show timestamps")
            .option(null, "since", "string", "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or "
                + "relative (e.g. \"42m\" for 42 minutes)")
            .option(null, "until", "string", "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or "
                + "relative (e.g. \"42m\" for 42 minutes)")
            .flag(null, "details", "Show extra details provided to logs");

    private LogsCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        String name = a.positionals().get(0);
        byte[] inspect;
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/containers/" + name + "/json"))) {
            inspect = r.readAll();
        }
        ContainerInspectView c = new ContainerInspectView(MiniJson.parse(inspect));
        boolean tty = c.tty();
        HttpRequest req = HttpRequest.get("/containers/" + c.id() + "/logs")
                .flag("details", a.has("details")).flag("follow", a.has("follow"))
                .flag("stderr", true).flag("stdout", true).query("since", time(a, "since", cli.now()))
                .query("tail", a.value("tail", "all")).flag("timestamps", a.has("timestamps"))
                .query("until", time(a, "until", cli.now()));
        try (HttpResponse r = cli.client().execute(req)) {
            copy(r.body(), tty, cli);
        }
        return 0;
    }

    /** The docker client's ContainerLogs wraps GetTimestamp's error: {@code invalid value for "since": ...}. */
    private static String time(Args a, String flag, long now) {
        try {
            return TimeArgs.toApi(a.value(flag), now);
        } catch (CliException e) {
            throw new CliException(e.exitCode(), "invalid value for \"" + flag + "\": " + e.getMessage());
        }
    }

    /**
     * Copies the log body to stdout/stderr in large writes while it is behind, flushing whenever the body has
     * nothing more buffered (so {@code -f} shows each line as it comes).
     */
    static void copy(InputStream in, boolean tty, Cli cli) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(cli.out(), 64 * 1024);
        if (tty) {
            byte[] buf = new byte[32 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (in.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        } else {
            new StdcopyReader(in).copyTo(out, new BufferedOutputStream(cli.err(), 16 * 1024));
        }
    }
}
