package dev.jdock.cli.command;

import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.FormatTemplate;
import dev.jdock.cli.format.JsonIndent;
import dev.jdock.cli.format.MiniJson;
import java.io.IOException;
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
    public static final Args.Spec IMAGE_SPEC = new Args.Spec("image inspect")
            .option("f", "format", "string", Args.FORMAT_HELP)
            .option(null, "platform", "string", "Inspect a specific platform of the multi-platform image.\n"
                + "If the image or the server is not multi-platform capable, the command will error out if the "
                + "platform does not match.\n"
                + "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)");

    private InspectCommand() {
    }

    /** {@code type}: "" (containers, then images), "container" or "image". */
    public static int run(Cli cli, Args a, String forcedType) throws IOException {
        String type = forcedType != null ? forcedType : a.value("type", "");
        String cmd = forcedType != null ? forcedType + " inspect" : "inspect";
        FormatTemplate tmpl = null;
        String format = a.value("format");
        if (format != null && !format.isEmpty() && !format.equals("json")) {
            try {
                tmpl = FormatTemplate.parseStrict(format, null)
                        .sortedJson(format.matches("(?s).*\\.Id\\b.*"));
            } catch (IllegalArgumentException e) {
                throw new CliException(1, "template parsing error: " + e.getMessage());
            }
        }
        List<byte[]> docs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : a.positionals()) {
            byte[] doc = null;
            if (!type.equals("image")) {
                doc = tryGet(cli, HttpRequest.get("/containers/" + name + "/json").flag("size", a.has("size")));
            }
            if (doc == null && type.equals("image")) {
                try (HttpResponse r = cli.client().execute(HttpRequest.get("/images/" + name + "/json"))) {
                    docs.add(r.readAll());
                } catch (EngineApiException e) {
                    errors.add("Error response from daemon: " + e.getMessage());
                }
                continue;
            }
            if (doc == null && !type.equals("container")) {
                doc = tryGet(cli, HttpRequest.get("/images/" + name + "/json"));
            }
            if (doc == null) {
                missing.add(name);
            } else {
                docs.add(doc);
            }
        }
        if (tmpl == null) {
            cli.out().println(JsonIndent.array(docs));
        } else {
            boolean failed = false;
            for (byte[] d : docs) {
                try {
                    cli.out().println(tmpl.execute(MiniJson.parse(d)));
                } catch (IllegalArgumentException e) {
                    cli.err().println("template parsing error: " + e.getMessage());
                    failed = true;
                }
            }
            if (failed) {
                cli.out().println(); // the docker CLI flushes an empty line after a failed element
                errors.add("");
            }
        }
        for (String m : missing) {
            cli.err().println("Error: No such " + (type.isEmpty() ? "object" : type) + ": " + m);
        }
        errors.stream().filter(e -> !e.isEmpty()).forEach(cli.err()::println);
        return missing.isEmpty() && errors.isEmpty() ? 0 : 1;
    }

    /**
     * {@code network inspect} and {@code volume inspect}: each named object from {@code pathPrefix + name}, printed
     * as a JSON array or through {@code --format}; an unknown one is reported and makes the exit code 1.
     */
    public static int objects(Cli cli, Args a, String pathPrefix) throws IOException {
        List<byte[]> docs = new ArrayList<>();
        int rc = 0;
        for (String ref : a.positionals()) {
            String path = pathPrefix + java.net.URLEncoder.encode(ref, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            try (HttpResponse r = cli.client().execute(HttpRequest.get(path))) {
                docs.add(r.readAll());
            } catch (EngineApiException e) {
                cli.err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        if (a.value("format") != null) {
            List<java.util.Map<String, Object>> rows = new ArrayList<>();
            for (byte[] d : docs) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> m = (java.util.Map<String, Object>) MiniJson.parse(d);
                rows.add(m);
            }
            cli.out().print(FormatOutput.render(a.value("format"), "", java.util.Map.of(), rows));
        } else {
            cli.out().println(JsonIndent.array(docs));
        }
        return rc;
    }

    private static byte[] tryGet(Cli cli, HttpRequest req) throws IOException {
        try (HttpResponse r = cli.client().execute(req)) {
            return r.readAll();
        } catch (EngineApiException e) {
            if (e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }
}
