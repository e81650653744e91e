package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.reply.WaitResponseView;
import java.io.IOException;

/** {@code stop}, {@code kill}, {@code rm}, {@code wait} and {@code inspect}: one request per argument, docker's output. */
public final class ContainerCommands {
    public static final Args.Spec STOP = stopFlags(new Args.Spec("stop"));
    public static final Args.Spec KILL = new Args.Spec("kill")
            .option("s", "signal", "string", "Signal to send to the container");
    public static final Args.Spec RM = new Args.Spec("rm")
            .flag("f", "force", "Force the removal of a running container (uses SIGKILL)")
            .flag("v", "volumes", "Remove anonymous volumes associated with the container")
            .flag("l", "link", "Remove the specified link");
    public static final Args.Spec WAIT = new Args.Spec("wait");

    private ContainerCommands() {
    }

    /**
     * stop's and restart's flags, as docker 28's: {@code -s/--signal}, {@code -t/--timeout} and the deprecated,
     * hidden {@code --time} it replaced.
     */
    static Args.Spec stopFlags(Args.Spec spec) {
        return spec
                .option("s", "signal", "string", "Signal to send to the container")
                .option("t", "timeout", "int", "Seconds to wait before killing the container")
                .option(null, "time", "int", "Seconds to wait before killing the container (deprecated: use "
                    + "--timeout)")
                .deprecated("time", "use --timeout instead");
    }

    /**
     * The {@code t} query of stop and restart: {@code --timeout} or {@code --time}, null when neither is given;
     * pflag's notice for {@code --time} first, on stderr.
     */
    static Integer timeout(Cli cli, Args.Spec spec, Args a) {
        a.deprecations().forEach(cli.err()::println);
        if (a.changed("time") && a.changed("timeout")) {
            throw new CliException(1, "conflicting options: cannot specify both --timeout and --time");
        }
        return a.intValue(spec, a.changed("time") ? "time" : "timeout");
    }

    public static int stop(Cli cli, Args a) throws IOException {
        Integer t = timeout(cli, STOP, a);
        return CommandSupport.each(cli, STOP, a, n -> {
            cli.client().call(HttpRequest.post("/containers/" + n + "/stop").query("signal", a.value("signal"))
                    .query("t", t));
            cli.out().println(n);
        });
    }

    public static int kill(Cli cli, Args a) throws IOException {
        return CommandSupport.each(cli, KILL, a, n -> {
            cli.client().call(HttpRequest.post("/containers/" + n + "/kill").query("signal", a.value("signal")));
            cli.out().println(n);
        });
    }

    public static int rm(Cli cli, Args a) throws IOException {
        return CommandSupport.each(cli, RM, a, n -> {
            cli.client().call(HttpRequest.delete("/containers/" + n).flag("force", a.has("force"))
                    .flag("link", a.has("link")).flag("v", a.has("volumes")));
            cli.out().println(n);
        });
    }

    public static int waitFor(Cli cli, Args a) throws IOException {
        return CommandSupport.each(cli, WAIT, a, n -> {
            try (HttpResponse r = cli.client().execute(HttpRequest.post("/containers/" + n + "/wait"))) {
                cli.out().println(new WaitResponseView(MiniJson.parse(r.readAll())).statusCode());
            }
        });
    }
}
