package dev.jdock.cli.command.volume;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.command.InspectCommand;
import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.command.Prunes;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.reply.VolumeListView;
import dev.jdock.cli.reply.VolumeView;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code jdock volume create|ls|inspect|rm|prune}, printing what the docker CLI prints. */
public final class VolumeCommands {
    public static final Args.Spec CREATE = new Args.Spec("volume create")
            .option("d", "driver", "string", "Specify volume driver name", "\"local\"")
            .option(null, "label", "list", "Set metadata for a volume")
            .option("o", "opt", "map", "Set driver specific options", "map[]")
            .option(null, "name", "string", "Specify volume name").hidden("name");
    public static final Args.Spec LS = new Args.Spec("volume ls")
            .flag("q", "quiet", "Only display volume names")
            .option("f", "filter", "filter", "Provide filter values (e.g. \"dangling=true\")")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP);
    public static final Args.Spec INSPECT = new Args.Spec("volume inspect")
            .option("f", "format", "string", Args.FORMAT_HELP);
    public static final Args.Spec RM = new Args.Spec("volume rm")
            .flag("f", "force", "Force the removal of one or more volumes");
    public static final Args.Spec PRUNE = new Args.Spec("volume prune")
            .flag("a", "all", "Remove all unused volumes, not just anonymous ones")
            .flag("f", "force", "Do not prompt for confirmation")
            .option(null, "filter", "filter", "Provide filter values (e.g. \"label=<label>\")");
    static final String TABLE = "table {{.Driver}}\t{{.Name}}";
    static final Map<String, String> HEADERS = Map.of("Driver", "DRIVER", "Name", "VOLUME NAME",
            "Mountpoint", "MOUNTPOINT", "Scope", "SCOPE", "Labels", "LABELS", "Links", "LINKS", "Size", "SIZE",
            "Group", "GROUP", "Availability", "AVAILABILITY", "Status", "STATUS");
    static final String PRUNE_WARNING = "WARNING! This will remove anonymous local volumes not used by at least one "
            + "container.\nAre you sure you want to continue?";
    static final String PRUNE_ALL_WARNING = "WARNING! This will remove all local volumes not used by at least one "
            + "container.\nAre you sure you want to continue?";

    private VolumeCommands() {
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static int create(Cli cli, Args a) throws IOException {
        String name = a.value("name", a.positionals().isEmpty() ? "" : a.positionals().get(0));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", name);
        body.put("Driver", a.value("driver", "local"));
        body.put("DriverOpts", CommandSupport.keyValues(a.values("opt")));
        body.put("Labels", CommandSupport.keyValues(a.values("label")));
        try (HttpResponse r = cli.client().execute(HttpRequest.post("/volumes/create")
                .jsonBody(Json.mapper().writeValueAsBytes(body)))) {
            cli.out().println(new VolumeView(MiniJson.parse(r.readAll())).name());
        }
        return 0;
    }

    public static int ls(Cli cli, Args a) throws IOException {
        HttpRequest req = HttpRequest.get("/volumes");
        if (!a.values("filter").isEmpty()) {
            Filters f = new Filters();
            a.values("filter").forEach(f::add);
            req.query("filters", f.toJson());
        }
        VolumeListView resp;
        try (HttpResponse r = cli.client().execute(req)) {
            resp = new VolumeListView(MiniJson.parse(r.readAll()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (VolumeView v : resp.volumes()) {
            Map<String, Object> row = new TreeMap<>(); // docker's volume context, its keys sorted as its json
            row.put("Name", v.name());
            row.put("Driver", v.driver());
            row.put("Scope", v.scope());
            row.put("Mountpoint", v.mountpoint());
            row.put("Labels", labels(v.labels()));
            row.put("Links", "N/A");
            row.put("Size", "N/A");
            row.put("Label", Formats.label(v.labels()));
            row.put("Group", "N/A"); // cluster volumes only
            row.put("Availability", "N/A");
            row.put("Status", "N/A");
            rows.add(row);
        }
        rows.sort((x, y) -> ((String) x.get("Name")).compareTo((String) y.get("Name")));
        if (a.has("quiet")) {
            rows.forEach(r -> cli.out().println(r.get("Name")));
            return 0;
        }
        cli.out().print(FormatOutput.render(a.value("format"), TABLE, HEADERS, rows, "*formatter.volumeContext"));
        return 0;
    }

    private static String labels(Map<String, Object> m) {
        if (m == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        new TreeMap<>(m).forEach((k, v) -> out.add(k + "=" + v));
        return String.join(",", out);
    }

    public static int inspect(Cli cli, Args a) throws IOException {
        return InspectCommand.objects(cli, a, "/volumes/", "volume.Volume");
    }

    public static int rm(Cli cli, Args a) throws IOException {
        int rc = 0;
        for (String ref : a.positionals()) {
            try {
                cli.client().call(HttpRequest.delete("/volumes/" + enc(ref)).query("force",
                        Boolean.toString(a.has("force"))));
                cli.out().println(ref);
            } catch (dev.jdock.api.client.EngineApiException e) {
                cli.err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }

    public static int prune(Cli cli, Args a, InputStream stdin) throws IOException {
        boolean all = a.has("all");
        if (all && a.values("filter").stream().map(v -> v.split("=", 2)[0].strip()).anyMatch("all"::equals)) {
            throw new CliException(1, "conflicting options: cannot specify both --all and --filter all=1");
        }
        if (!a.has("force") && !Prompts.confirm(cli, stdin, all ? PRUNE_ALL_WARNING : PRUNE_WARNING)) {
            return 0;
        }
        cli.out().print(Prunes.volumes(cli, a.values("filter"), all).withTotal());
        return 0;
    }
}
