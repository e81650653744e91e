package dev.jdock.cli.command.context;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.context.ContextStore;
import dev.jdock.cli.context.DockerContext;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.FormatTemplate;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.JsonIndent;
import dev.jdock.cli.format.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jdock context ls} and {@code jdock context inspect}, in the docker CLI's columns and JSON. */
public final class ContextListing {
    public static final Args.Spec LS = new Args.Spec("context ls")
            .flag("q", "quiet", "Only show context names")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP);
    public static final Args.Spec INSPECT = new Args.Spec("context inspect")
            .option("f", "format", "string", Args.FORMAT_HELP);
    static final String DEFAULT_DESCRIPTION = "Current DOCKER_HOST based configuration";
    static final String TABLE = "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t"
            + "{{.Error}}";
    static final Map<String, String> HEADERS = Map.of("Name", "NAME", "Description", "DESCRIPTION",
            "DockerEndpoint", "DOCKER ENDPOINT", "Error", "ERROR");
    private static final int ERROR_WIDTH = 45;

    private ContextListing() {
    }

    /** The host variable set in the environment ({@code JDOCK_HOST} first), or null. */
    static String hostVariable(Map<String, String> env) {
        for (String v : List.of("JDOCK_HOST", "DOCKER_HOST")) {
            String h = env.get(v);
            if (h != null && !h.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    public static int ls(Cli cli, Args a) throws IOException {
        EndpointResolver r = ContextCommands.resolver(cli);
        String current = r.contextName();
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(ContextStore.DEFAULT, DEFAULT_DESCRIPTION, endpointOfDefault(r), current, ""));
        boolean currentSeen = ContextStore.DEFAULT.equals(current);
        for (DockerContext c : r.store().list()) {
            rows.add(row(c.name(), c.description(), c.dockerHost(), current, ""));
            currentSeen |= c.name().equals(current);
        }
        if (!currentSeen) { // DOCKER_CONTEXT or currentContext naming a context that is not there
            String error;
            try {
                r.store().load(current);
                error = "";
            } catch (IOException e) {
                error = e.getMessage();
            }
            rows.add(row(current, "", "", current, error));
        }
        // docker 28 lists every context, default included, in sortorder.NaturalLess order of the names
        rows.sort((x, y) -> Formats.naturalCompare((String) x.get("Name"), (String) y.get("Name")));
        if (a.has("quiet")) {
            rows.forEach(row -> cli.out().println(row.get("Name")));
        } else {
            String format = a.value("format");
            boolean table = format == null || format.isEmpty() || format.startsWith("table");
            if (table) {
                rows.forEach(row -> row.put("Error", Formats.ellipsis((String) row.get("Error"), ERROR_WIDTH)));
            }
            cli.out().print(FormatOutput.render(format, TABLE, HEADERS, rows, "*formatter.clientContextContext"));
        }
        String hostVar = hostVariable(cli.env());
        if (hostVar != null && cli.options().context() == null) {
            cli.err().println("Warning: " + hostVar + " environment variable overrides the active context. To use a"
                    + " context, either set the global --context flag, or unset " + hostVar
                    + " environment variable.");
        }
        return 0;
    }

    private static String endpointOfDefault(EndpointResolver r) {
        try {
            return r.defaultEndpoint().host().toString();
        } catch (IllegalArgumentException e) {
            return r.hostFromEnv();
        }
    }

    /** One row, keys in the order {@code --format json} prints them (docker's, alphabetical). */
    private static Map<String, Object> row(String name, String description, String endpoint, String current,
            String error) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Current", name.equals(current));
        row.put("Description", description);
        row.put("DockerEndpoint", endpoint);
        row.put("Error", error);
        row.put("Name", name);
        return row;
    }

    public static int inspect(Cli cli, Args a) throws IOException {
        EndpointResolver r = ContextCommands.resolver(cli);
        List<String> names = a.positionals().isEmpty() ? List.of(r.contextName()) : a.positionals();
        List<byte[]> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                docs.add(JsonWriter.write(document(r, name)).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                errors.add(e.getMessage());
            }
        }
        String format = a.value("format");
        if (format == null || format.isEmpty() || format.equals("json")) {
            cli.out().println(JsonIndent.array(docs, true));
        } else {
            FormatTemplate tmpl;
            try {
                tmpl = FormatTemplate.parseStrict(format, null);
                for (byte[] d : docs) {
                    cli.out().println(tmpl.execute(MiniJson.parse(d)));
                }
            } catch (IllegalArgumentException e) {
                throw new CliException(1, "template parsing error: " + e.getMessage());
            }
        }
        errors.forEach(cli.err()::println);
        return errors.isEmpty() ? 0 : 1;
    }

    /** What {@code docker context inspect} prints for one context. */
    static Map<String, Object> document(EndpointResolver r, String name) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> tls = new LinkedHashMap<>();
        Map<String, Object> storage = new LinkedHashMap<>();
        if (ContextStore.DEFAULT.equals(name)) {
            DockerContext c = DockerContext.of(name, "", endpointOfDefault(r), false);
            doc.put("Name", name);
            doc.put("Metadata", c.metadata());
            doc.put("Endpoints", c.endpoints());
            storage.put("MetadataPath", "<IN MEMORY>");
            storage.put("TLSPath", "<IN MEMORY>");
        } else {
            DockerContext c = r.store().load(name);
            doc.put("Name", c.name());
            doc.put("Metadata", c.metadata());
            doc.put("Endpoints", c.endpoints());
            List<String> files = r.store().tlsFiles(name);
            if (!files.isEmpty()) {
                tls.put(DockerContext.DOCKER, new ArrayList<Object>(files));
            }
            storage.put("MetadataPath", r.store().metaDir(name).toString());
            storage.put("TLSPath", r.store().tlsDir(name).toString());
        }
        doc.put("TLSMaterial", tls);
        doc.put("Storage", storage);
        return doc;
    }
}
