package dev.jdock.cli.command.image;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.ImageRows;
import dev.jdock.cli.reply.ImageSummaryView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code jdock images} / {@code image ls}: the docker CLI's image rows (one per repository:tag, digest rows with
 * {@code --digests}, {@code <none>} for dangling images) rendered through {@link FormatOutput}.
 */
public final class ImageListing {
    public static final Args.Spec SPEC = new Args.Spec("images")
            .flag("a", "all", "Show all images (default hides intermediate images)")
            .flag("q", "quiet", "Only show image IDs")
            .flag(null, "no-trunc", "Don't truncate output")
            .flag(null, "digests", "Show digests")
            .option("f", "filter", "filter", "Filter output based on conditions provided")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP)
            .flag(null, "tree", "List multi-platform images as a tree (EXPERIMENTAL)");
    static final String TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    static final String TABLE_DIGESTS =
            "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

    private ImageListing() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        Filters f = CommandSupport.filters(a);
        if (!a.positionals().isEmpty()) {
            f.add("reference", a.positionals().get(0));
        }
        HttpRequest req = HttpRequest.get("/images/json").flag("all", a.has("all"))
                .flag("digests", a.has("digests")).query("filters", f.toJson());
        byte[] body;
        try (HttpResponse r = cli.client().execute(req)) {
            body = r.readAll();
        }
        List<ImageSummaryView> images = ImageSummaryView.listOf(MiniJson.parse(body));
        cli.out().print(render(images, a.value("format"), a.has("quiet"), !a.has("no-trunc"), a.has("digests"),
                cli.now()));
        return 0;
    }

    /** The output of {@code images} for the API's image list. */
    public static String render(List<ImageSummaryView> images, String format, boolean quiet, boolean trunc,
            boolean digests, long now) {
        String f = format;
        if (f == null || f.isEmpty() || f.equals("table")) {
            f = quiet ? "{{.ID}}" : digests ? TABLE_DIGESTS : TABLE;
        }
        // the docker CLI's needDigest (--digests, or a format that shows {{.Digest}}) for tagged rows; digest-only
        // rows follow --digests alone
        boolean tagDigests = digests || f.contains("{{.Digest}}");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImageSummaryView img : images) {
            for (String[] rt : ImageRows.rowsOf(img, tagDigests, digests)) {
                rows.add(ImageRows.row(img, rt[0], rt[1], rt[2], trunc, now));
            }
        }
        return FormatOutput.render(f, TABLE, ImageRows.HEADERS, rows, "*formatter.imageContext");
    }

}
