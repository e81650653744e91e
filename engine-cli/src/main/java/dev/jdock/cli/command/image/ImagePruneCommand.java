package dev.jdock.cli.command.image;

import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.command.Prunes;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.reply.ImagePruneView;
import java.io.IOException;
import java.io.InputStream;

/** {@code jdock image prune [-a] [-f] [--filter]}: the docker CLI's prompt and report. */
public final class ImagePruneCommand {
    public static final Args.Spec SPEC = new Args.Spec("image prune")
            .flag("a", "all", "Remove all unused images, not just dangling ones")
            .flag("f", "force", "Do not prompt for confirmation")
            .option(null, "filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")");
    static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\n"
            + "Are you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all images without at least one container "
            + "associated to them.\nAre you sure you want to continue?";

    private ImagePruneCommand() {
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        boolean all = a.has("all");
        if (!a.has("force") && !Prompts.confirm(cli, stdin, all ? ALL_WARNING : DANGLING_WARNING)) {
            return 0;
        }
        cli.out().print(Prunes.images(cli, a.values("filter"), all).withTotal());
        return 0;
    }

    /** "Deleted Images:" with one line per item, a blank line, then "Total reclaimed space: …". */
    static String report(ImagePruneView resp) {
        return Prunes.images(resp).withTotal();
    }
}
