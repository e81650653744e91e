package dev.jdock.cli.command.image;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.reply.ImageHistoryView;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code jdock history [-H=false] [--no-trunc] [-q] [--format]} as the docker CLI renders it. */
public final class HistoryCommand {
    public static final Args.Spec SPEC = new Args.Spec("history")
            .option("H", "human", "", "Print sizes and dates in human readable format", "true")
            .flag(null, "no-trunc", "Don't truncate output")
            .flag("q", "quiet", "Only show image IDs")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP)
            .option(null, "platform", "string", "Show history for the given platform. Formatted as "
                + "\"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");
    static final String TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    static final Map<String, String> HEADERS = new LinkedHashMap<>(Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
            "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT"));

    private HistoryCommand() {
    }

    /** Parses itself: {@code -H} is a boolean that also takes {@code -H=false}. */
    public static int run(Cli cli, String[] args, int from) throws IOException {
        List<String> norm = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-H") || a.equals("--human")) {
                norm.add("--human=true");
            } else if (a.startsWith("-H=")) {
                norm.add("--human=" + a.substring(3));
            } else {
                norm.add(a);
            }
        }
        Args a = Args.parse(SPEC, norm.toArray(String[]::new), 0);
        if (a.has("help")) {
            throw CliException.help(SPEC, args, from);
        }
        a.requireExactly(SPEC, 1); // history parses its own flags (for -H's optional value), so checks this itself
        CommandSupport.requireApi(cli, a, "platform", "1.48");
        String h = a.value("human", "true");
        boolean human = !(h.equals("false") || h.equals("0") || h.equals("False"));
        byte[] body;
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/images/" + a.positionals().get(0)
                + "/history").query("platform", platformJson(a.value("platform"))))) {
            body = r.readAll();
        }
        cli.out().print(render(ImageHistoryView.listOf(MiniJson.parse(body)), a.value("format"), a.has("quiet"), human,
                !a.has("no-trunc"), cli.now()));
        return 0;
    }

    public static String render(List<ImageHistoryView> items, String format, boolean quiet, boolean human,
            boolean trunc, long now) {
        String f = format;
        if (f == null || f.isEmpty() || f.equals("table")) {
            f = quiet ? "{{.ID}}" : TABLE;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImageHistoryView item : items) {
            rows.add(row(item, human, trunc, now));
        }
        Map<String, String> headers = new LinkedHashMap<>(HEADERS);
        if (!human) {
            headers.put("CreatedSince", "CREATED AT");
        }
        return FormatOutput.render(f, TABLE, headers, rows, "*image.historyContext");
    }

    static Map<String, Object> row(ImageHistoryView item, boolean human, boolean trunc, long now) {
        String id = item.id();
        long created = item.created();
        long size = item.size();
        String createdBy = item.createdBy().replace("\t", " ");
        String createdAt = Instant.ofEpochSecond(created).atZone(ZoneId.systemDefault())
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Map<String, Object> r = new TreeMap<>();
        r.put("ID", trunc ? Formats.shortId(id) : id);
        r.put("CreatedAt", createdAt);
        r.put("CreatedSince", !human ? createdAt : created > 0
                ? HumanUnits.duration(Duration.ofMillis(Math.max(0, now - created * 1000))) + " ago" : "N/A");
        r.put("CreatedBy", trunc ? Formats.ellipsis(createdBy, 45) : createdBy);
        r.put("Size", human ? HumanUnits.size(size) : Long.toString(size));
        r.put("Comment", item.comment());
        return r;
    }

    /** As docker 28 sends it (API 1.48): the OCI platform as JSON, {@code {"architecture":"amd64","os":"linux"}}. */
    static String platformJson(String p) {
        return p == null || p.isEmpty() ? null : dev.jdock.cli.core.PlatformFlag.ociJson(p);
    }
}
