package dev.jdock.cli.command.image;

import dev.jdock.api.Json;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.types.build.BuildCachePruneResponse;
import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.FlagValues;
import dev.jdock.cli.format.Formats;
import java.io.IOException;
import java.io.InputStream;

/** {@code jdock builder prune [-a] [-f] [--filter k=v] [--keep-storage SIZE]}: the docker CLI's prompt and report. */
public final class BuilderPruneCommand {
    public static final Args.Spec SPEC = new Args.Spec("builder prune").usage("jdock builder prune")
            .flag("a", "all", "Remove all unused build cache, not just dangling ones")
            .flag("f", "force", "Do not prompt for confirmation")
            .option(null, "filter", "filter", "Provide filter values (e.g. \"until=24h\")")
            .option(null, "keep-storage", "bytes", "Amount of disk space to keep for cache");
    static final String DANGLING_WARNING = "WARNING! This will remove all dangling build cache. "
            + "Are you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all build cache. Are you sure you want to continue?";

    private BuilderPruneCommand() {
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        String keep = a.value("keep-storage");
        long keepBytes = keep == null ? 0 : FlagValues.memoryBytes(SPEC, "keep-storage", keep);
        boolean all = a.has("all");
        if (!a.has("force") && !Prompts.confirm(cli, stdin, all ? ALL_WARNING : DANGLING_WARNING)) {
            return 0;
        }
        Filters f = new Filters();
        for (String v : a.values("filter")) {
            f.add(v);
        }
        HttpRequest req = HttpRequest.post("/build/prune").flag("all", all)
                .query("filters", a.values("filter").isEmpty() ? null : f.toJson())
                .query("keep-storage", keepBytes > 0 ? keepBytes : null);
        byte[] body;
        try (HttpResponse r = cli.client().execute(req)) {
            body = r.readAll();
        }
        cli.out().print(report(Json.mapper().readValue(body, BuildCachePruneResponse.class)));
        return 0;
    }

    /** "Deleted build cache objects:" and one ID a line, a blank line, then "Total reclaimed space: …". */
    static String report(BuildCachePruneResponse resp) {
        StringBuilder sb = new StringBuilder();
        if (resp.cachesDeleted() != null && !resp.cachesDeleted().isEmpty()) {
            sb.append("Deleted build cache objects:\n");
            for (String id : resp.cachesDeleted()) {
                sb.append(id).append('\n');
            }
            sb.append('\n');
        }
        return sb.append("Total reclaimed space: ").append(Formats.humanSize4(resp.spaceReclaimed())).append('\n')
                .toString();
    }
}
