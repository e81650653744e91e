package dev.jdock.cli.command.image;

import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.MiniJson;
import dev.jdock.cli.reply.ImageDeleteView;
import dev.jdock.cli.reply.ImagePruneView;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

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
        Filters f = new Filters();
        for (String v : a.values("filter")) {
            f.add(v);
        }
        f.add("dangling", Boolean.toString(!all));
        byte[] body;
        try (HttpResponse r = cli.client().execute(HttpRequest.post("/images/prune").query("filters", f.toJson()))) {
            body = r.readAll();
        }
        cli.out().print(report(new ImagePruneView(MiniJson.parse(body))));
        return 0;
    }

    /** "Deleted Images:" with one line per item, a blank line, then "Total reclaimed space: …". */
    static String report(ImagePruneView resp) {
        StringBuilder sb = new StringBuilder();
        List<ImageDeleteView> items = resp.imagesDeleted();
        if (!items.isEmpty()) {
            sb.append("Deleted Images:\n");
            for (ImageDeleteView i : items) {
                if (!i.untagged().isEmpty()) {
                    sb.append("untagged: ").append(i.untagged()).append('\n');
                } else {
                    sb.append("deleted: ").append(i.deleted()).append('\n');
                }
            }
            sb.append('\n');
        }
        long space = items.isEmpty() ? 0 : resp.spaceReclaimed();
        sb.append("Total reclaimed space: ").append(Formats.humanSize4(space)).append('\n');
        return sb.toString();
    }
}
