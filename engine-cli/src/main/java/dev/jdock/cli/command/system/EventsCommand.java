package dev.jdock.cli.command.system;

import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.TimeArgs;
import dev.jdock.cli.format.FormatTemplate;
import dev.jdock.cli.format.GoStruct;
import dev.jdock.cli.format.JsonStreamSplitter;
import dev.jdock.cli.reply.EventMessageView;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code jdock events [--since] [--until] [-f k=v] [--format]}: streams daemon events, printed as docker does. */
public final class EventsCommand {
    public static final Args.Spec SPEC = new Args.Spec("events")
            .option(null, "since", "string", "Show all events created since timestamp")
            .option(null, "until", "string", "Stream events until this timestamp")
            .option("f", "filter", "filter", "Filter output based on conditions provided")
            .option(null, "format", "string", Args.FORMAT_HELP);
    /** Go's RFC3339NanoFixed in the local zone, as the docker CLI prints event times. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    private EventsCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        Filters filters = new Filters();
        for (String f : a.values("filter")) {
            filters.add(f);
        }
        HttpRequest req = HttpRequest.get("/events")
                .query("since", TimeArgs.toApi(a.value("since"), cli.now()))
                .query("until", TimeArgs.toApi(a.value("until"), cli.now()))
                .query("filters", filters.isEmpty() ? null : filters.toJson());
        String format = a.value("format");
        FormatTemplate tmpl = template(format);
        try (HttpResponse r = cli.client().execute(req); JsonStreamSplitter in = new JsonStreamSplitter(r.body())) {
            Object json;
            while ((json = in.next()) != null) {
                EventMessageView e = new EventMessageView(json);
                if (tmpl == null) {
                    cli.out().println(line(e));
                } else {
                    try {
                        cli.out().println(tmpl.execute(message(e)));
                    } catch (IllegalArgumentException x) {
                        throw new CliException(1, x.getMessage());
                    }
                }
                cli.out().flush();
            }
        }
        return 0;
    }

    /** {@code <time> <type> <action> <actor id> (k=v, k=v)}. */
    static String line(EventMessageView e) {
        StringBuilder sb = new StringBuilder();
        long nanos = e.timeNano();
        if (nanos == 0) {
            nanos = e.time() * 1_000_000_000L;
        }
        if (nanos != 0) {
            Instant t = Instant.ofEpochSecond(0, nanos);
            sb.append(TIME.format(t.atZone(ZoneId.systemDefault()))).append(' ');
        }
        sb.append(e.type()).append(' ').append(e.action()).append(' ').append(e.actorId());
        Map<String, Object> attrs = new TreeMap<>(e.actorAttributes()); // a Go map: json sorts its keys
        if (!attrs.isEmpty()) {
            List<String> kv = new ArrayList<>();
            for (Map.Entry<String, Object> f : attrs.entrySet()) {
                kv.add(f.getKey() + "=" + f.getValue());
            }
            kv.sort(null);
            sb.append(" (").append(String.join(", ", kv)).append(')');
        }
        return sb.toString();
    }

    /**
     * docker's events template ({@code json} is {@code {{json .}}}), checked as docker does by running it on an empty
     * message: a template that does not parse or names a field events.Message lacks exits 64. Null for none.
     */
    static FormatTemplate template(String format) {
        if (format == null || format.isEmpty()) {
            return null;
        }
        try {
            FormatTemplate t = FormatTemplate.parse(format.equals("json") ? "{{json .}}" : format);
            t.execute(message(new EventMessageView(Map.of())));
            return t;
        } catch (IllegalArgumentException e) {
            throw new CliException(64, "Error parsing format: " + e.getMessage());
        }
    }

    /** The event as docker's *events.Message (its json names: lower-case scope, time, timeNano). */
    static GoStruct message(EventMessageView e) {
        Map<String, Object> raw = e.raw();
        Map<String, Object> attrs = new TreeMap<>(e.actorAttributes()); // a Go map: json sorts its keys
        return new GoStruct("*events.Message")
                .field("Status", "status", true, raw.getOrDefault(EventMessageView.goField("Status"), ""))
                .field("ID", "id", true, raw.getOrDefault(EventMessageView.goField("ID"), ""))
                .field("From", "from", true, raw.getOrDefault(EventMessageView.goField("From"), ""))
                .field("Type", e.type())
                .field("Action", e.action())
                .field("Actor", new GoStruct("events.Actor").field("ID", e.actorId())
                        .field("Attributes", attrs.isEmpty() && !raw.containsKey("Actor") ? null : attrs))
                .field("Scope", "scope", false, raw.getOrDefault(EventMessageView.goField("Scope"), ""))
                .field("Time", "time", false, e.time())
                .field("TimeNano", "timeNano", false, e.timeNano());
    }
}
