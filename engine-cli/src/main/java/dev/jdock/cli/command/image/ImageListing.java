package dev.jdock.cli.command.image;

import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.cli.command.container.ListCommands;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.LazyRow;
import dev.jdock.cli.format.MiniJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jdock images} / {@code image ls}: the docker CLI's image rows (one per repository:tag, digest rows with
 * {@code --digests}, {@code <none>} for dangling images) rendered through {@link FormatOutput}.
 */
public final class ImageListing {
    public static final Args.Spec SPEC = new Args.Spec("images").flag("a", "all").flag("q", "quiet")
            .flag(null, "no-trunc").flag(null, "digests").option("f", "filter").option(null, "format")
            .flag(null, "tree");
    static final String TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    static final String TABLE_DIGESTS =
            "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    public static final Map<String, String> HEADERS = headers();
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    private ImageListing() {
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Repository", "REPOSITORY");
        h.put("Tag", "TAG");
        h.put("ID", "IMAGE ID");
        h.put("CreatedSince", "CREATED");
        h.put("CreatedAt", "CREATED AT");
        h.put("Size", "SIZE");
        h.put("Digest", "DIGEST");
        h.put("Containers", "CONTAINERS");
        h.put("SharedSize", "SHARED SIZE");
        h.put("UniqueSize", "UNIQUE SIZE");
        h.put("VirtualSize", "SIZE");
        return h;
    }

    public static int run(Cli cli, Args a) throws IOException {
        if (a.positionals().size() > 1) {
            throw new CliException(1, "\"jdock images\" requires at most 1 argument.\nSee 'jdock images --help'.");
        }
        Filters f = ListCommands.filters(a);
        if (!a.positionals().isEmpty()) {
            f.add("reference", a.positionals().get(0));
        }
        HttpRequest req = HttpRequest.get("/images/json").flag("all", a.has("all"))
                .flag("digests", a.has("digests")).query("filters", f.toJson());
        byte[] body;
        try (HttpResponse r = cli.client().execute(req)) {
            body = r.readAll();
        }
        List<?> images = (List<?>) MiniJson.parse(body);
        cli.out().print(render(images, a.value("format"), a.has("quiet"), !a.has("no-trunc"), a.has("digests"),
                cli.now()));
        return 0;
    }

    /** The output of {@code images} for the API's image list. */
    public static String render(List<?> images, String format, boolean quiet, boolean trunc, boolean digests,
            long now) {
        String f = format;
        if (f == null || f.isEmpty() || f.equals("table")) {
            f = quiet ? "{{.ID}}" : digests ? TABLE_DIGESTS : TABLE;
        }
        // the docker CLI's needDigest (--digests, or a format that shows {{.Digest}}) for tagged rows; digest-only
        // rows follow --digests alone
        boolean tagDigests = digests || f.contains("{{.Digest}}");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object img : images) {
            for (String[] rt : rowsOf(img, tagDigests, digests)) {
                rows.add(row(img, rt[0], rt[1], rt[2], trunc, now));
            }
        }
        return FormatOutput.render(f, TABLE, HEADERS, rows, "*formatter.imageContext");
    }

    /** (repository, tag, digest) per displayed row, as the docker CLI's imageFormatTaggedAndDigest. */
    public static List<String[]> rowsOf(Object img, boolean showDigests) {
        return rowsOf(img, showDigests, showDigests);
    }

    /**
     * {@code tagDigests}: a tagged row shows its repository's digests (a row per digest); {@code digestRows}: a
     * digest-only repository gets a row per digest, else one row with an empty digest.
     */
    public static List<String[]> rowsOf(Object img, boolean tagDigests, boolean digestRows) {
        List<Object> tags = MiniJson.list(img, "RepoTags");
        List<Object> dgs = MiniJson.list(img, "RepoDigests");
        List<String[]> out = new ArrayList<>();
        boolean dangling = tags.isEmpty() && dgs.isEmpty()
                || tags.size() == 1 && "<none>:<none>".equals(tags.get(0)) && dgs.size() == 1
                && "<none>@<none>".equals(dgs.get(0));
        if (dangling) {
            out.add(new String[] {"<none>", "<none>", "<none>"});
            return out;
        }
        Map<String, List<String>> repoTags = new LinkedHashMap<>();
        Map<String, List<String>> repoDigests = new LinkedHashMap<>();
        for (Object o : tags) {
            String ref = String.valueOf(o);
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/') && !ref.equals("<none>:<none>")) {
                repoTags.computeIfAbsent(ref.substring(0, colon), k -> new ArrayList<>()).add(ref.substring(colon + 1));
            }
        }
        for (Object o : dgs) {
            String ref = String.valueOf(o);
            int at = ref.indexOf('@');
            if (at > 0 && !ref.startsWith("<none>")) {
                repoDigests.computeIfAbsent(ref.substring(0, at), k -> new ArrayList<>()).add(ref.substring(at + 1));
            }
        }
        repoTags.forEach((repo, ts) -> {
            List<String> ds = repoDigests.remove(repo);
            for (String tag : ts) {
                if (!tagDigests || ds == null || ds.isEmpty()) {
                    out.add(new String[] {repo, tag, "<none>"});
                } else {
                    ds.forEach(d -> out.add(new String[] {repo, tag, d}));
                }
            }
        });
        repoDigests.forEach((repo, ds) -> {
            if (digestRows) {
                ds.forEach(d -> out.add(new String[] {repo, "<none>", d}));
            } else {
                out.add(new String[] {repo, "<none>", ""});
            }
        });
        return out;
    }

    public static Map<String, Object> row(Object img, String repo, String tag, String digest, boolean trunc, long now) {
        String id = MiniJson.str(img, "Id");
        long created = MiniJson.num(img, "Created");
        long size = MiniJson.num(img, "Size");
        long shared = MiniJson.has(img, "SharedSize") ? MiniJson.num(img, "SharedSize") : -1;
        long containers = MiniJson.has(img, "Containers") ? MiniJson.num(img, "Containers") : -1;
        // CreatedAt (time-zone data) and the 4-digit sizes (BigDecimal) cost ~30 ms on a fresh JVM: computed only
        // when a --format asks for them
        LazyRow r = new LazyRow();
        r.put("Containers", containers == -1 ? "N/A" : Long.toString(containers));
        r.lazy("CreatedAt", () -> goTime(created));
        r.put("CreatedSince", HumanUnits.duration(Duration.ofMillis(Math.max(0, now - created * 1000))) + " ago");
        r.put("Digest", digest);
        r.put("ID", trunc ? Formats.shortId(id) : id);
        r.put("Repository", repo);
        r.lazy("SharedSize", () -> shared == -1 ? "N/A" : humanSize4(shared));
        r.put("Size", HumanUnits.size(size));
        r.put("Tag", tag);
        r.lazy("UniqueSize", () -> shared == -1 || size == -1 ? "N/A" : humanSize4(size - shared));
        r.lazy("VirtualSize", () -> humanSize4(size));
        return r;
    }

    /** Go's {@code time.Unix(s, 0).String()} in the local zone: {@code 2024-01-02 03:04:05 +0000 UTC}. */
    public static String goTime(long unixSeconds) {
        return Instant.ofEpochSecond(unixSeconds).atZone(ZoneId.systemDefault()).format(GO_TIME);
    }

    /** go-units {@code HumanSize} (4 significant digits, Go's {@code %.4g}): {@code 1.982MB}. */
    public static String humanSize4(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        int i = 0;
        double s = bytes;
        while (s >= 1000.0 && i < units.length - 1) {
            s /= 1000.0;
            i++;
        }
        return HumanUnits.formatG(s, 4) + units[i];
    }
}
