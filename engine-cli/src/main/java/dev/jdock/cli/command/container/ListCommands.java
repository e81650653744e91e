package dev.jdock.cli.command.container;

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
import dev.jdock.cli.format.MiniJson;
import dev.jdock.cli.format.Table;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code ps} and {@code images}: hot paths, no databind, no picocli. */
public final class ListCommands {
    public static final Args.Spec PS = new Args.Spec("ps").flag("a", "all").flag("q", "quiet").flag(null, "no-trunc")
            .option("n", "last").flag("l", "latest").option("f", "filter").flag("s", "size").option(null, "format");
    public static final Args.Spec IMAGES = new Args.Spec("images").flag("a", "all").flag("q", "quiet")
            .flag(null, "no-trunc").flag(null, "digests").option("f", "filter").option(null, "format");

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
        List<?> list = (List<?>) MiniJson.parse(body);
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
    public static String renderPs(List<?> containers, boolean quiet, boolean trunc, boolean size, long now) {
        if (quiet) {
            StringBuilder sb = new StringBuilder();
            for (Object c : containers) {
                String id = MiniJson.str(c, "Id");
                sb.append(trunc ? Formats.shortId(id) : id).append('\n');
            }
            return sb.toString();
        }
        Table t = size
                ? new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES", "SIZE")
                : new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (Object c : containers) {
            String id = MiniJson.str(c, "Id");
            String cmd = MiniJson.str(c, "Command");
            String[] cells = {
                trunc ? Formats.shortId(id) : id,
                Formats.image(MiniJson.str(c, "Image"), trunc),
                Formats.quote(trunc ? Formats.ellipsis(cmd, 20) : cmd),
                Formats.ago(MiniJson.num(c, "Created"), now),
                MiniJson.str(c, "Status"),
                Formats.ports(MiniJson.list(c, "Ports")),
                Formats.names(MiniJson.list(c, "Names"), trunc),
            };
            if (size) {
                String s = HumanUnits.size(MiniJson.num(c, "SizeRw")) + " (virtual "
                        + HumanUnits.size(MiniJson.num(c, "SizeRootFs")) + ")";
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
        cli.out().print(renderImages((List<?>) MiniJson.parse(body), a.has("quiet"), !a.has("no-trunc"),
                a.has("digests"), cli.now()));
        return 0;
    }

    /** The {@code docker images} table: one row per tag, {@code <none>} for untagged images. */
    public static String renderImages(List<?> images, boolean quiet, boolean trunc, boolean digests, long now) {
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            for (Object i : images) {
                String id = MiniJson.str(i, "Id");
                ids.add(trunc ? Formats.shortId(id) : id);
            }
            StringBuilder sb = new StringBuilder();
            ids.forEach(id -> sb.append(id).append('\n'));
            return sb.toString();
        }
        Table t = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (Object i : images) {
            String id = MiniJson.str(i, "Id");
            String shown = trunc ? Formats.shortId(id) : id;
            String created = Formats.ago(MiniJson.num(i, "Created"), now);
            String size = HumanUnits.size(MiniJson.num(i, "Size"));
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
    static List<String[]> repoTags(Object image) {
        List<Object> tags = MiniJson.list(image, "RepoTags");
        List<Object> digests = MiniJson.list(image, "RepoDigests");
        java.util.ArrayList<String[]> rows = new java.util.ArrayList<>();
        for (Object o : tags) {
            String ref = String.valueOf(o);
            if (ref.equals("<none>:<none>")) {
                continue;
            }
            int colon = ref.lastIndexOf(':');
            String repo = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
            String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "<none>";
            rows.add(new String[] {repo, tag, digestFor(repo, digests)});
        }
        if (rows.isEmpty()) {
            for (Object o : digests) {
                String ref = String.valueOf(o);
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

    private static String digestFor(String repo, List<Object> digests) {
        for (Object o : digests) {
            String ref = String.valueOf(o);
            if (ref.startsWith(repo + "@")) {
                return ref.substring(repo.length() + 1);
            }
        }
        return "<none>";
    }

}
