package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.client.ImageApi;
import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.PsFormat;
import dev.jdock.cli.format.Table;
import dev.jdock.cli.reply.ContainerSummaryView;
import dev.jdock.cli.reply.ImageSummaryView;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code ps} and {@code images}: hot paths, no databind, no picocli. */
public final class ListCommands {
    public static final Args.Spec PS = new Args.Spec("ps")
            .flag("a", "all", "Show all containers (default shows just running)")
            .flag("q", "quiet", "Only display container IDs")
            .flag(null, "no-trunc", "Don't truncate output")
            .option("n", "last", "int", "Show n last created containers (includes all states)", "-1")
            .flag("l", "latest", "Show the latest created container (includes all states)")
            .option("f", "filter", "filter", "Filter output based on conditions provided")
            .flag("s", "size", "Display total file sizes")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP);
    public static final Args.Spec IMAGES = new Args.Spec("images")
            .flag("a", "all", "Show all images (default hides intermediate images)")
            .flag("q", "quiet", "Only show image IDs")
            .flag(null, "no-trunc", "Don't truncate output")
            .flag(null, "digests", "Show digests")
            .option("f", "filter", "filter", "Filter output based on conditions provided")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP);

    private ListCommands() {
    }

    public static int ps(Cli cli, Args a) throws IOException {
        Integer last = a.intValue(PS, "last");
        if (a.has("latest")) {
            last = 1;
        }
        boolean all = a.has("all") || (last != null && last > 0);
        HttpRequest req = HttpRequest.get("/containers/json").flag("all", all)
                .query("limit", last != null && last > 0 ? last : null)
                .flag("size", a.has("size") || PsFormat.wantsSize(a.value("format")))
                .query("filters", CommandSupport.filters(a).toJson());
        byte[] body;
        try (HttpResponse r = cli.client().execute(req)) {
            body = r.readAll();
        }
        List<ContainerSummaryView> list = ContainerSummaryView.listOf(MiniJson.parse(body));
        String format = a.value("format");
        if (format != null && !format.isEmpty() || a.has("size")) {
            cli.out().print(PsFormat.render(list, format, a.has("quiet"), !a.has("no-trunc"), a.has("size"),
                    cli.now()));
            return 0;
        }
        cli.out().print(renderPs(list, a.has("quiet"), !a.has("no-trunc"), a.has("size"), cli.now()));
        return 0;
    }

    /** The {@code docker ps} table (or IDs with {@code quiet}). */
    public static String renderPs(List<ContainerSummaryView> containers, boolean quiet, boolean trunc, boolean size,
            long now) {
        if (quiet) {
            StringBuilder sb = new StringBuilder();
            for (ContainerSummaryView c : containers) {
                String id = c.id();
                sb.append(trunc ? Formats.shortId(id) : id).append('\n');
            }
            return sb.toString();
        }
        Table t = size
                ? new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES", "SIZE")
                : new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (ContainerSummaryView c : containers) {
            String id = c.id();
            String cmd = c.command();
            String[] cells = {
                trunc ? Formats.shortId(id) : id,
                Formats.image(c.image(), trunc),
                Formats.quote(trunc ? Formats.ellipsis(cmd, 20) : cmd),
                Formats.ago(c.created(), now),
                c.status(),
                Formats.ports(c.ports()),
                Formats.names(c.names(), trunc),
            };
            if (size) {
                String s = HumanUnits.size(c.sizeRw()) + " (virtual " + HumanUnits.size(c.sizeRootFs()) + ")";
                String[] withSize = java.util.Arrays.copyOf(cells, 8);
                withSize[7] = s;
                cells = withSize;
            }
            t.row(cells);
        }
        return t.render();
    }

    public static int images(Cli cli, Args a) throws IOException {
        if (a.value("format") != null) {
            throw new CliException(125, "--format is not supported by jdock yet");
        }
        Filters f = CommandSupport.filters(a);
        if (!a.positionals().isEmpty()) {
            f.add("reference", a.positionals().get(0));
        }
        byte[] body = new ImageApi(cli.client()).listRaw(a.has("all"), a.has("digests"), f.isEmpty() ? null : f);
        List<ImageSummaryView> images = ImageSummaryView.listOf(MiniJson.parse(body));
        cli.out().print(renderImages(images, a.has("quiet"), !a.has("no-trunc"), a.has("digests"), cli.now()));
        return 0;
    }

    /** The {@code docker images} table: one row per tag, {@code <none>} for untagged images. */
    public static String renderImages(List<ImageSummaryView> images, boolean quiet, boolean trunc, boolean digests,
            long now) {
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            for (ImageSummaryView i : images) {
                String id = i.id();
                ids.add(trunc ? Formats.shortId(id) : id);
            }
            StringBuilder sb = new StringBuilder();
            ids.forEach(id -> sb.append(id).append('\n'));
            return sb.toString();
        }
        Table t = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageSummaryView i : images) {
            String id = i.id();
            String shown = trunc ? Formats.shortId(id) : id;
            String created = Formats.ago(i.created(), now);
            String size = HumanUnits.size(i.size());
            for (String[] rt : repoTags(i)) {
                if (digests) {
                    t.row(rt[0], rt[1], rt[2], shown, created, size);
                } else {
                    t.row(rt[0], rt[1], shown, created, size);
                }
            }
        }
        return t.render();
    }

    /** (repository, tag, digest) rows of one image. */
    static List<String[]> repoTags(ImageSummaryView image) {
        List<String> digests = image.repoDigests();
        java.util.ArrayList<String[]> rows = new java.util.ArrayList<>();
        for (String ref : image.repoTags()) {
            if (ref.equals("<none>:<none>")) {
                continue;
            }
            int colon = ref.lastIndexOf(':');
            String repo = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
            String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "<none>";
            rows.add(new String[] {repo, tag, digestFor(repo, digests)});
        }
        if (rows.isEmpty()) {
            for (String ref : digests) {
                int at = ref.indexOf('@');
                if (at > 0 && !ref.startsWith("<none>")) {
                    rows.add(new String[] {ref.substring(0, at), "<none>", ref.substring(at + 1)});
                }
            }
        }
        if (rows.isEmpty()) {
            rows.add(new String[] {"<none>", "<none>", "<none>"});
        }
        return rows;
    }

    private static String digestFor(String repo, List<String> digests) {
        for (String ref : digests) {
            if (ref.startsWith(repo + "@")) {
                return ref.substring(repo.length() + 1);
            }
        }
        return "<none>";
    }

}
