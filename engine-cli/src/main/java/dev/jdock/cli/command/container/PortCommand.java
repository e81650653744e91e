package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.reply.ContainerInspectView;
import dev.jdock.cli.reply.PortBindingView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code jdock port CONTAINER [PORT[/PROTO]]}: the container's published ports, as {@code docker port}. */
public final class PortCommand {
    public static final Args.Spec SPEC = new Args.Spec("port");

    private PortCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        String ctr = a.positionals().get(0);
        ContainerInspectView inspect =
                new ContainerInspectView(MiniJson.parse(cli.client().getBytes("/containers/" + enc(ctr) + "/json")));
        String given = a.positionals().size() > 1 ? a.positionals().get(1) : null;
        String want = given != null && !given.contains("/") ? given + "/tcp" : given;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<PortBindingView>> e : inspect.portBindings().entrySet()) {
            if (want != null && !want.equals(e.getKey())) {
                continue;
            }
            for (PortBindingView b : e.getValue()) {
                String line = Formats.joinHostPort(b.hostIp(), b.hostPort());
                lines.add(want != null ? line : e.getKey() + " -> " + line);
            }
        }
        if (want != null && lines.isEmpty()) {
            throw new CliException(1, "Error: No public port '" + given + "' published for " + ctr);
        }
        lines.sort(Formats::naturalCompare); // docker 28: sortorder.NaturalLess, "80/tcp -> [::]:8080" after 0.0.0.0
        lines.forEach(cli.out()::println);
        return 0;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
