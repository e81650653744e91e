package dev.jdock.cli.command;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatTemplate;
import dev.jdock.cli.format.GoJsonNumber;
import dev.jdock.cli.format.GoTimeValue;
import dev.jdock.cli.format.JsonIndent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jdock inspect} and {@code jdock image inspect}: a JSON array, or with {@code -f/--format} one rendered
 * {@link FormatTemplate} line per object (field names as in the API JSON, e.g. {@code {{.Config.Cmd}}},
 * {@code {{json .RootFS}}}, {@code {{index .Config.Labels "k"}}}).
 */
public final class InspectCommand {
    public static final Args.Spec SPEC = new Args.Spec("inspect")
            .flag("s", "size", "Display total file sizes if the type is container")
            .option(null, "type", "string", "Only inspect objects of the given type")
            .option("f", "format", "string", Args.FORMAT_HELP);
    public static final Args.Spec CONTAINER_SPEC = new Args.Spec("container inspect")
            .option("f", "format", "string", Args.FORMAT_HELP)
            .flag("s", "size", "Display total file sizes");
    public static final Args.Spec IMAGE_SPEC = new Args.Spec("image inspect")
            .option("f", "format", "string", Args.FORMAT_HELP)
            .option(null, "platform", "string", "Inspect a specific platform of the multi-platform image.\n"
                + "If the image or the server is not multi-platform capable, the command will error out if the "
                + "platform does not match.\n"
                + "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)");

    private InspectCommand() {
    }

    /** docker's object types, in the order of its "unknown type" message. */
    private static final List<String> TYPES = List.of("config", "container", "image", "network", "node", "plugin",
            "secret", "service", "task", "volume");

    /**
     * {@code inspect} ({@code forcedType} null: {@code --type}, else every kind in docker's order), {@code container
     * inspect} and {@code image inspect} ({@code forcedType} "container"/"image"), as docker's inspect.Inspect: the
     * objects found are printed together (a JSON array, {@code -f json}'s compact array, or one template line each),
     * then every error; a template that does not parse exits 64.
     */
    public static int run(Cli cli, Args a, String forcedType) throws IOException {
        String type = forcedType != null ? forcedType : a.value("type", "");
        CommandSupport.requireApi(cli, a, "platform", "1.49"); // image inspect's; jdock's API is 1.48 at most
        String cmd = forcedType != null ? forcedType + " inspect" : "inspect";
        if (!type.isEmpty() && !TYPES.contains(type)) {
            throw new CliException(1, "unknown type: \"" + type + "\": must be one of \"" + String.join("\", \"",
                    TYPES) + "\"");
        }
        FormatTemplate tmpl = template(a.value("format"), null);
        List<byte[]> docs = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : a.positionals()) {
            try {
                String[] kind = {type};
                byte[] doc = find(cli, name, kind, a.has("size"));
                if (doc == null) {
                    errors.add("Error: No such object: " + name);
                } else {
                    docs.add(doc);
                    kinds.add(kind[0]);
                }
            } catch (EngineApiException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        return print(cli, a.value("format"), tmpl, docs, kinds, errors);
    }

    /** The kinds {@code inspect} without {@code --type} tries, in docker's order, with their paths. */
    private static String path(String type, String name) {
        return switch (type) {
            case "container" -> "/containers/" + name + "/json";
            case "image" -> "/images/" + name + "/json";
            case "network", "volume", "node", "service", "task", "secret", "config" -> "/" + type + "s/" + name;
            default -> "/plugins/" + name + "/json";
        };
    }

    /**
     * The object's JSON, or null when no kind has it (without a type; docker skips the swarm kinds on a daemon that
     * is no swarm manager, as jdockd is not); with a type, that kind's error is thrown. {@code kind[0]}: the type
     * asked for, set to the kind found.
     */
    private static byte[] find(Cli cli, String name, String[] kind, boolean size) throws IOException {
        String type = kind[0];
        String ref = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        if (!type.isEmpty()) {
            HttpRequest req = HttpRequest.get(path(type, ref)).flag("size", size && type.equals("container"));
            try (HttpResponse r = cli.client().execute(req)) {
                return r.readAll();
            }
        }
        for (String k : List.of("container", "image", "network", "volume", "plugin")) {
            HttpRequest req = HttpRequest.get(path(k, ref)).flag("size", size && k.equals("container"));
            try (HttpResponse r = cli.client().execute(req)) {
                byte[] doc = r.readAll();
                if (size && !k.equals("container")) {
                    cli.err().println("WARNING: --size ignored for " + k);
                }
                kind[0] = k;
                return doc;
            } catch (EngineApiException e) {
                String m = String.valueOf(e.getMessage());
                if (!e.isNotFound() && !m.contains("not supported") && !m.contains("invalid reference format")) {
                    throw e;
                }
            }
        }
        return null;
    }

    /** Parses {@code -f}: null for none or {@code json}; a template that does not parse is exit 64, as docker. */
    private static FormatTemplate template(String format, String typeName) {
        if (format == null || format.isEmpty() || format.equals("json")) {
            return null;
        }
        try {
            return FormatTemplate.parseStrict(format, typeName)
                    .sortedJson(TypedZeros.JSON_ONLY.matcher(format).find());
        } catch (IllegalArgumentException e) {
            throw new CliException(64, "template parsing error: " + e.getMessage());
        }
    }

    /** docker's inspector output: what was found (at least an empty line or {@code []}), then the errors. */
    private static int print(Cli cli, String format, FormatTemplate tmpl, List<byte[]> docs, List<String> kinds,
            List<String> errors) throws IOException {
        if (tmpl == null && "json".equals(format)) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < docs.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(new String(docs.get(i), StandardCharsets.UTF_8).strip());
            }
            cli.out().println(sb.append(']'));
        } else if (tmpl == null) {
            cli.out().println(JsonIndent.array(docs));
        } else {
            StringBuilder out = new StringBuilder();
            boolean typedPass = !TypedZeros.JSON_ONLY.matcher(format).find();
            for (int i = 0; i < docs.size(); i++) {
                try {
                    out.append(tmpl.execute(typed(MiniJson.parse(docs.get(i)), kinds.get(i), typedPass)))
                            .append('\n');
                } catch (IllegalArgumentException e) {
                    if (!typedPass) {
                        errors.add("template parsing error: " + e.getMessage());
                        continue;
                    }
                    try { // docker's raw-map fallback when its typed pass fails, its error the raw pass's
                        out.append(tmpl.execute(GoJsonNumber.numbersOf(MiniJson.parse(docs.get(i))))).append('\n');
                    } catch (IllegalArgumentException raw) {
                        errors.add("template parsing error: " + raw.getMessage());
                    }
                }
            }
            cli.out().print(out.length() == 0 ? "\n" : out);
        }
        if (errors.isEmpty()) {
            return 0;
        }
        cli.err().println(String.join("\n", errors));
        return 1;
    }

    /**
     * What docker's typed pass sees: a network's {@code Created} is a Go time.Time, printed as Go prints one; the
     * fields the struct has that the daemon's JSON leaves out, and nil maps and slices, are Go's zero values
     * ({@link TypedZeros}), unless the template names {@code .Id} or another JSON key whose Go field is named otherwise
     * ({@link TypedZeros#JSON_ONLY}: the struct calls it ID, a template reads {@code .ID}), so docker's typed pass
     * fails and its raw-map fallback runs, where they are missing or null (as it runs when the typed pass fails
     * otherwise: {@link #print}). The raw pass gets the JSON as it is, its numbers Go's {@code json.Number}.
     */
    @SuppressWarnings("unchecked")
    private static Object typed(Object json, String kind, boolean typedPass) {
        if (!typedPass) {
            return GoJsonNumber.numbersOf(json);
        }
        if (!(json instanceof java.util.Map<?, ?> m)) {
            return json;
        }
        if (kind.equals("network") && m.get("Created") instanceof String c && !c.isEmpty()) {
            ((java.util.Map<String, Object>) m).put("Created", new GoTimeValue(c));
        }
        return TypedZeros.fill((java.util.Map<String, Object>) m, kind);
    }

    /**
     * {@code network inspect} and {@code volume inspect}: each named object from {@code pathPrefix + name}, printed
     * as docker's inspector does; {@code typeName} is the Go type docker's template errors name for a field the
     * object lacks ({@code volume.Volume}: docker renders volumes from its struct), null for the raw JSON's wording.
     */
    public static int objects(Cli cli, Args a, String pathPrefix, String typeName) throws IOException {
        return objects(cli, a, pathPrefix, typeName, java.util.Map.of());
    }

    /** As {@link #objects(Cli, Args, String, String)} with {@code query} parameters on each request. */
    public static int objects(Cli cli, Args a, String pathPrefix, String typeName, java.util.Map<String, String> query)
            throws IOException {
        FormatTemplate tmpl = template(a.value("format"), typeName);
        List<byte[]> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : a.positionals()) {
            String path = pathPrefix + URLEncoder.encode(ref, StandardCharsets.UTF_8).replace("+", "%20");
            HttpRequest req = HttpRequest.get(path);
            query.forEach(req::query);
            try (HttpResponse r = cli.client().execute(req)) {
                docs.add(r.readAll());
            } catch (EngineApiException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        List<String> kinds = new ArrayList<>();
        docs.forEach(d -> kinds.add(pathPrefix.equals("/networks/") ? "network" : "volume"));
        return print(cli, a.value("format"), tmpl, docs, kinds, errors);
    }
}
