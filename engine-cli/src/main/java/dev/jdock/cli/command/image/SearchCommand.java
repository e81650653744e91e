package dev.jdock.cli.command.image;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.CredentialStore;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.reply.ImageSearchView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code jdock search [-f FILTER] [--limit N] [--no-trunc] [--format F] TERM}: {@code GET /images/search} with the
 * credentials stored for the term's registry, printed as docker 28's table (NAME, DESCRIPTION, STARS, OFFICIAL;
 * descriptions cut at 45 characters with {@code …} unless --no-trunc) or a Go template.
 */
public final class SearchCommand {
    public static final Args.Spec SPEC = new Args.Spec("search")
            .option("f", "filter", "filter", "Filter output based on conditions provided")
            .option(null, "format", "string", "Pretty-print search using a Go template")
            .option(null, "limit", "int", "Max number of search results")
            .flag(null, "no-trunc", "Don't truncate output");
    static final String TABLE = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
    static final Map<String, String> HEADERS = new LinkedHashMap<>(Map.of("Name", "NAME", "Description",
            "DESCRIPTION", "StarCount", "STARS", "IsOfficial", "OFFICIAL"));
    static final String AUTOMATED_WARNING = "WARNING: the \"is-automated\" filter is deprecated, and searching for "
            + "\"is-automated=true\" will not yield any results in future.";

    private SearchCommand() {
    }

    public static int run(Cli cli, Args a, Map<String, String> env) throws IOException {
        String term = a.positionals().get(0);
        Integer limit = a.intValue(SPEC, "limit");
        Filters f = new Filters();
        a.values("filter").forEach(f::add);
        if (!f.isEmpty() && a.values("filter").stream().anyMatch(v -> v.strip().startsWith("is-automated"))) {
            cli.err().println(AUTOMATED_WARNING);
        }
        HttpRequest req = HttpRequest.get("/images/search").query("term", term)
                .query("limit", limit != null && limit > 0 ? Integer.toString(limit) : null)
                .query("filters", f.toJson())
                .header("X-Registry-Auth", CredentialStore.header(CredentialStore.fromEnv(env)
                        .get(CredentialStore.serverKey(indexOf(term)))));
        byte[] body;
        try (HttpResponse r = cli.client().execute(req)) {
            body = r.readAll();
        }
        cli.out().print(render(ImageSearchView.listOf(MiniJson.parse(body)), a.value("format"), !a.has("no-trunc")));
        return 0;
    }

    /** The registry a term names, as moby's splitReposSearchTerm: docker.io unless its first part is a host. */
    static String indexOf(String term) {
        int slash = term.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = term.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return !host || first.equals("index.docker.io") ? "docker.io" : first;
    }

    /**
     * docker 28's searchContext: Name, Description, StarCount, IsOfficial ({@code [OK]} or empty; {@code true} or
     * {@code false} when the row is marshalled whole, as {@code json} and {@code {{json .}}} do). No IsAutomated.
     */
    static String render(List<ImageSearchView> results, String format, boolean trunc) {
        boolean json = format != null && (format.equals("json") || format.replace(" ", "").contains("json."));
        List<Map<String, Object>> rows = new ArrayList<>(results.size());
        for (ImageSearchView r : results) {
            rows.add(row(r, trunc, json));
        }
        return FormatOutput.render(format, TABLE, HEADERS, rows, "*registry.searchContext");
    }

    static Map<String, Object> row(ImageSearchView r, boolean trunc, boolean json) {
        String desc = r.description().replace('\n', ' ').replace('\r', ' ');
        Map<String, Object> row = new TreeMap<>();
        row.put("Name", r.name());
        row.put("Description", trunc ? Formats.ellipsis(desc, 45) : desc);
        row.put("StarCount", Long.toString(r.starCount()));
        row.put("IsOfficial", json ? Boolean.toString(r.isOfficial()) : r.isOfficial() ? "[OK]" : "");
        return row;
    }
}
