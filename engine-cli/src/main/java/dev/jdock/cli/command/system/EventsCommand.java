package dev.jdock.cli.command.system;

import dev.jdock.api.client.Filters;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.TimeArgs;
import dev.jdock.cli.format.JsonStreamSplitter;
import dev.jdock.cli.format.JsonWriter;
import dev.jdock.cli.reply.EventMessageView;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jdock events [--since] [--until] [-f k=v] [--format]}: streams daemon events, printed as docker does. */
public final class EventsCommand {
    public static final Args.Spec SPEC = new Args.Spec("events")
            .option(null, "since", "string", "Show all events created since timestamp")
            .option(null, "until", "string", "Stream events until this timestamp")
            .option("f", "filter", "filter", "Filter output based on conditions provided")
            .option(null, "format", "string", Args.FORMAT_HELP);
    /** Go's RFC3339NanoFixed in the local zone, as the docker CLI prints event times. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*(json\\s+)?\\.([A-Za-z0-9_.]*)\\s*}}");

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
        try (HttpResponse r = cli.client().execute(req); JsonStreamSplitter in = new JsonStreamSplitter(r.body())) {
            Object json;
            while ((json = in.next()) != null) {
                EventMessageView e = new EventMessageView(json);
                cli.out().println(format == null || format.isEmpty() ? line(e) : template(format, e));
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
        Map<String, Object> attrs = e.actorAttributes();
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
     * The Go-template subset scripts use: {@code {{json .}}}, {@code {{.Type}}}, {@code {{.Actor.Attributes.name}}}.
     * A field that is absent or null (or below one that is) prints {@code <no value>}, {@code json} of it {@code null}.
     */
    static String template(String format, EventMessageView e) {
        Matcher m = FIELD.matcher(format);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = e.raw();
            String[] parts = m.group(2).isEmpty() ? new String[0] : m.group(2).split("\\.");
            for (int i = 0; i < parts.length && v != null; i++) {
                v = v instanceof Map<?, ?> o ? o.get(i == 0 ? EventMessageView.goField(parts[i]) : parts[i]) : null;
            }
            String s = m.group(1) != null ? JsonWriter.write(v) : v == null ? "<no value>" : text(v);
            m.appendReplacement(sb, Matcher.quoteReplacement(s));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A value as text: scalars as they print, objects and arrays as compact JSON. */
    private static String text(Object v) {
        return v instanceof Map || v instanceof List ? JsonWriter.write(v) : String.valueOf(v);
    }
}
