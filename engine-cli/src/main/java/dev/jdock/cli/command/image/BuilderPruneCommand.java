package dev.jdock.cli.command.image;

import dev.jdock.api.types.build.BuildCachePruneResponse;
import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.command.Prunes;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.FlagValues;
import java.io.IOException;
import java.io.InputStream;

/** {@code jdock builder prune [-a] [-f] [--filter k=v] [--keep-storage SIZE]}: the docker CLI's prompt and report. */
public final class BuilderPruneCommand {
    public static final Args.Spec SPEC = new Args.Spec("builder prune")
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
        cli.out().print(Prunes.buildCache(cli, a.values("filter"), all, keepBytes).withTotal());
        return 0;
    }

    /** "Deleted build cache objects:" and one ID a line, a blank line, then "Total reclaimed space: …". */
    static String report(BuildCachePruneResponse resp) {
        return Prunes.buildCache(resp).withTotal();
    }
}
