package dev.jdock.cli.command.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.stream.JsonLinesReader;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.TimeArgs;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jdock events [--since] [--until] [-f k=v] [--format]}: streams daemon events, printed as docker does. */
public final class EventsCommand {
    public static final Args.Spec SPEC = new Args.Spec("events").option(null, "since").option(null, "until")
            .option("f", "filter").option(null, "format");
    /** Go's RFC3339NanoFixed in the local zone, as the docker CLI prints event times. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*(json\\s+)?\\.([A-Za-z0-9_.]*)\\s*}}");

    private EventsCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        if (!a.positionals().isEmpty()) {
            throw new CliException(1, "\"jdock events\" accepts no arguments.\nSee 'jdock events --help'.");
        }
        Filters filters = new Filters();
        for (String f : a.values("filter")) {
            filters.add(f);
        }
        HttpRequest req = HttpRequest.get("/events")
                .query("since", TimeArgs.toApi(a.value("since"), cli.now()))
                .query("until", TimeArgs.toApi(a.value("until"), cli.now()))
                .query("filters", filters.isEmpty() ? null : filters.toJson());
        String format = a.value("format");
        try (HttpResponse r = cli.client().execute(req); JsonLinesReader in = new JsonLinesReader(r.body())) {
            JsonNode e;
            while ((e = in.next()) != null) {
                cli.out().println(format == null || format.isEmpty() ? line(e) : template(format, e));
                cli.out().flush();
            }
        }
        return 0;
    }

    /** {@code <time> <type> <action> <actor id> (k=v, k=v)}. */
    static String line(JsonNode e) {
        StringBuilder sb = new StringBuilder();
        long nanos = e.path("timeNano").asLong(0);
        if (nanos == 0) {
            nanos = e.path("time").asLong(0) * 1_000_000_000L;
        }
        if (nanos != 0) {
            Instant t = Instant.ofEpochSecond(0, nanos);
            sb.append(TIME.format(t.atZone(ZoneId.systemDefault()))).append(' ');
        }
        sb.append(e.path("Type").asText()).append(' ').append(e.path("Action").asText()).append(' ')
                .append(e.path("Actor").path("ID").asText());
        JsonNode attrs = e.path("Actor").path("Attributes");
        if (attrs.isObject() && attrs.size() > 0) {
            List<String> kv = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = attrs.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                kv.add(f.getKey() + "=" + f.getValue().asText());
            }
            kv.sort(null);
            sb.append(" (").append(String.join(", ", kv)).append(')');
        }
        return sb.toString();
    }

    /** The Go-template subset scripts use: {@code {{json .}}}, {@code {{.Type}}}, {@code {{.Actor.Attributes.name}}}. */
    static String template(String format, JsonNode e) throws IOException {
        Matcher m = FIELD.matcher(format);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = e;
            String[] parts = m.group(2).isEmpty() ? new String[0] : m.group(2).split("\\.");
            for (int i = 0; i < parts.length; i++) {
                v = v.path(i == 0 ? fieldName(parts[i]) : parts[i]);
            }
            String s = m.group(1) != null ? Json.mapper().writeValueAsString(v)
                    : v.isMissingNode() || v.isNull() ? "<no value>" : v.isValueNode() ? v.asText() : v.toString();
            m.appendReplacement(sb, Matcher.quoteReplacement(s));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Go field names to the JSON keys of events.Message. */
    private static String fieldName(String go) {
        return switch (go) {
            case "Status" -> "status";
            case "ID" -> "id";
            case "From" -> "from";
            case "Scope" -> "scope";
            case "Time" -> "time";
            case "TimeNano" -> "timeNano";
            default -> go;
        };
    }
}
