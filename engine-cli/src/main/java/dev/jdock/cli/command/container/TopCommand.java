package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.reply.ContainerTopView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code jdock top CONTAINER [ps OPTIONS]}: the container's processes, as docker prints them. */
public final class TopCommand {
    public static final Args.Spec SPEC = new Args.Spec("top").stopAtPositional();

    private TopCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        List<String> ps = a.positionals().subList(1, a.positionals().size());
        HttpRequest req = HttpRequest.get("/containers/" + a.positionals().get(0) + "/top")
                .query("ps_args", ps.isEmpty() ? null : String.join(" ", ps));
        ContainerTopView top;
        try (HttpResponse r = cli.client().execute(req)) {
            top = new ContainerTopView(MiniJson.parse(r.readAll()));
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(top.titles());
        rows.addAll(top.processes());
        cli.out().print(render(rows));
        return 0;
    }

    /** Go's tabwriter(minwidth 20, padding 3) as docker top uses it; the last column is not padded. */
    static String render(List<List<String>> rows) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int c = 0; c < Math.min(cols, r.size()) - 1; c++) {
                width[c] = Math.max(width[c], Math.max(20, r.get(c).length() + 3));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                sb.append(r.get(c));
                if (c < r.size() - 1) {
                    sb.append(" ".repeat(Math.max(1, width[c] - r.get(c).length())));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
