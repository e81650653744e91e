package dev.jdock.cli.command.network;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.command.InspectCommand;
import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.command.Prunes;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.reply.NetworkCreateView;
import dev.jdock.cli.reply.NetworkView;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code jdock network create|ls|inspect|rm|prune|connect|disconnect}. */
public final class NetworkCommands {
    public static final Args.Spec CREATE = new Args.Spec("network create")
            .option("d", "driver", "string", "Driver to manage the Network", "\"bridge\"")
            .option(null, "subnet", "strings", "Subnet in CIDR format that represents a network segment")
            .option(null, "gateway", "strings", "IPv4 or IPv6 Gateway for the master subnet")
            .option(null, "ip-range", "strings", "Allocate container ip from a sub-range")
            .option(null, "aux-address", "map", "Auxiliary IPv4 or IPv6 addresses used by Network driver", "map[]")
            .flag(null, "internal", "Restrict external access to the network")
            .flag(null, "attachable", "Enable manual container attachment")
            .option(null, "label", "list", "Set metadata on a network")
            .option("o", "opt", "map", "Set driver specific options", "map[]")
            .flag(null, "ipv4", "Enable or disable IPv4 address assignment", "true")
            .flag(null, "ipv6", "Enable or disable IPv6 address assignment")
            .option(null, "ipam-driver", "string", "IP Address Management Driver", "\"default\"")
            .option(null, "ipam-opt", "map", "Set IPAM driver specific options", "map[]")
            .option(null, "scope", "string", "Control the network's scope")
            .option(null, "config-from", "string", "The network from which to copy the configuration")
            .flag(null, "config-only", "Create a configuration only network")
            .flag(null, "ingress", "Create swarm routing-mesh network");
    public static final Args.Spec LS = new Args.Spec("network ls")
            .flag("q", "quiet", "Only display network IDs")
            .option("f", "filter", "filter", "Provide filter values (e.g. \"driver=bridge\")")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP)
            .flag(null, "no-trunc", "Do not truncate the output");
    public static final Args.Spec INSPECT = new Args.Spec("network inspect")
            .option("f", "format", "string", Args.FORMAT_HELP)
            .flag("v", "verbose", "Verbose output for diagnostics");
    public static final Args.Spec RM = new Args.Spec("network rm")
            .flag("f", "force", "Do not error if the network does not exist");
    public static final Args.Spec PRUNE = new Args.Spec("network prune")
            .flag("f", "force", "Do not prompt for confirmation")
            .option(null, "filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")");
    public static final Args.Spec CONNECT = new Args.Spec("network connect")
            .option(null, "ip", "string", "IPv4 address (e.g., \"172.30.100.104\")")
            .option(null, "ip6", "string", "IPv6 address (e.g., \"2001:db8::33\")")
            .option(null, "link", "list", "Add link to another container")
            .option(null, "alias", "strings", "Add network-scoped alias for the container")
            .option(null, "link-local-ip", "strings", "Add a link-local address for the container")
            .option(null, "driver-opt", "strings", "driver options for the network")
            .option(null, "gw-priority", "int", "Highest gw-priority provides the default gateway. Accepts positive "
                + "and negative values.");
    public static final Args.Spec DISCONNECT = new Args.Spec("network disconnect")
            .flag("f", "force", "Force the container to disconnect from a network");
    static final String PRUNE_WARNING = "WARNING! This will remove all custom networks not used by at least one "
            + "container.\nAre you sure you want to continue?";
    static final String TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
    static final Map<String, String> HEADERS = Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER",
            "Scope", "SCOPE", "IPv4", "IPV4", "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt",
            "CREATED AT");

    private NetworkCommands() {
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static int create(Cli cli, Args a) throws IOException {
        String name = a.positionals().get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", name);
        body.put("Driver", a.value("driver", "bridge"));
        if (a.value("scope") != null && !a.value("scope").isEmpty()) {
            body.put("Scope", a.value("scope"));
        }
        if (a.changed("ipv4")) { // docker sends EnableIPv4/EnableIPv6 only when the flag was given
            body.put("EnableIPv4", a.has("ipv4"));
        }
        if (a.changed("ipv6")) {
            body.put("EnableIPv6", a.has("ipv6"));
        }
        List<Map<String, Object>> cfg = IpamPools.configs(CommandSupport.stringSlice(CREATE, a, "subnet"),
                CommandSupport.stringSlice(CREATE, a, "ip-range"), CommandSupport.stringSlice(CREATE, a, "gateway"),
                CommandSupport.keyValues(a.values("aux-address")));
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", a.value("ipam-driver", "default"));
        ipam.put("Options", CommandSupport.keyValues(a.values("ipam-opt")));
        ipam.put("Config", cfg);
        body.put("IPAM", ipam);
        body.put("Internal", a.has("internal"));
        body.put("Attachable", a.has("attachable"));
        body.put("Ingress", a.has("ingress"));
        body.put("ConfigOnly", a.has("config-only"));
        if (a.value("config-from") != null && !a.value("config-from").isEmpty()) {
            body.put("ConfigFrom", Map.of("Network", a.value("config-from")));
        }
        body.put("Options", CommandSupport.keyValues(a.values("opt")));
        body.put("Labels", CommandSupport.keyValues(a.values("label")));
        try (HttpResponse r = cli.client().execute(HttpRequest.post("/networks/create")
                .jsonBody(Json.mapper().writeValueAsBytes(body)))) {
            cli.out().println(new NetworkCreateView(MiniJson.parse(r.readAll())).id());
        }
        return 0;
    }

    public static int ls(Cli cli, Args a) throws IOException {
        HttpRequest req = HttpRequest.get("/networks");
        if (!a.values("filter").isEmpty()) {
            Map<String, List<String>> f = new LinkedHashMap<>();
            for (String kv : a.values("filter")) {
                int eq = kv.indexOf('=');
                f.computeIfAbsent(kv.substring(0, eq), k -> new ArrayList<>()).add(kv.substring(eq + 1));
            }
            req.query("filters", Json.mapper().writeValueAsString(f));
        }
        Object list;
        try (HttpResponse r = cli.client().execute(req)) {
            list = MiniJson.parse(r.readAll());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NetworkView n : NetworkView.listOf(list)) {
            String id = n.id();
            Map<String, Object> row = new TreeMap<>(); // docker's network context, its keys sorted as its json
            row.put("ID", a.has("no-trunc") ? id : id.substring(0, 12));
            row.put("Name", n.name());
            row.put("Driver", n.driver());
            row.put("Scope", n.scope());
            row.put("IPv4", Boolean.toString(Boolean.TRUE.equals(n.raw().get("EnableIPv4")))); // API 1.48+
            row.put("IPv6", Boolean.toString(n.enableIpv6()));
            row.put("Internal", Boolean.toString(n.internal()));
            row.put("Labels", Formats.labels(n.labels()));
            row.put("Label", Formats.label(n.labels()));
            row.put("CreatedAt", Formats.goTimeNanos(n.created()));
            rows.add(row);
        }
        rows.sort((x, y) -> ((String) x.get("Name")).compareTo((String) y.get("Name")));
        if (a.has("quiet")) {
            rows.forEach(r -> cli.out().println(r.get("ID")));
            return 0;
        }
        cli.out().print(FormatOutput.render(a.value("format"), TABLE, HEADERS, rows, "*network.networkContext"));
        return 0;
    }

    public static int inspect(Cli cli, Args a) throws IOException {
        // -v: dockerd without swarm answers as without it; sent as docker does (query verbose=true)
        return InspectCommand.objects(cli, a, "/networks/", null, a.has("verbose") ? Map.of("verbose", "true") : Map.of());
    }

    public static int rm(Cli cli, Args a) throws IOException {
        int rc = 0;
        for (String ref : a.positionals()) {
            try {
                cli.client().call(HttpRequest.delete("/networks/" + enc(ref)));
                cli.out().println(ref);
            } catch (dev.jdock.api.client.EngineApiException e) {
                cli.err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        if (rc != 0) {
            cli.err().println("exit status " + rc); // docker 28 ends a failed network rm with its status
        }
        return rc;
    }

    public static int prune(Cli cli, Args a, InputStream stdin) throws IOException {
        if (!a.has("force") && !Prompts.confirm(cli, stdin, PRUNE_WARNING)) {
            return 0;
        }
        cli.out().print(Prunes.networks(cli, a.values("filter")).listing());
        return 0;
    }

    public static int connect(Cli cli, Args a) throws IOException {
        String net = a.positionals().get(0);
        String ctr = a.positionals().get(1);
        Map<String, Object> ep = new LinkedHashMap<>();
        Map<String, Object> ipam = new LinkedHashMap<>();
        if (a.value("ip") != null) {
            ipam.put("IPv4Address", a.value("ip"));
        }
        if (a.value("ip6") != null) {
            ipam.put("IPv6Address", a.value("ip6"));
        }
        if (!a.values("link-local-ip").isEmpty()) {
            ipam.put("LinkLocalIPs", a.values("link-local-ip"));
        }
        if (!ipam.isEmpty()) {
            ep.put("IPAMConfig", ipam);
        }
        if (!a.values("link").isEmpty()) {
            ep.put("Links", a.values("link"));
        }
        if (!a.values("alias").isEmpty()) {
            ep.put("Aliases", a.values("alias"));
        }
        if (!a.values("driver-opt").isEmpty()) {
            ep.put("DriverOpts", CommandSupport.keyValues(a.values("driver-opt")));
        }
        Integer gw = a.intValue(CONNECT, "gw-priority");
        if (gw != null && gw != 0) { // API 1.48, omitempty: an older daemon ignores it
            ep.put("GwPriority", gw);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Container", ctr);
        body.put("EndpointConfig", ep);
        cli.client().call(HttpRequest.post("/networks/" + enc(net) + "/connect")
                .jsonBody(Json.mapper().writeValueAsBytes(body)));
        return 0;
    }

    public static int disconnect(Cli cli, Args a) throws IOException {
        String net = a.positionals().get(0);
        String ctr = a.positionals().get(1);
        Map<String, Object> body = Map.of("Container", ctr, "Force", a.has("force"));
        cli.client().call(HttpRequest.post("/networks/" + enc(net) + "/disconnect")
                .jsonBody(Json.mapper().writeValueAsBytes(body)));
        return 0;
    }
}
