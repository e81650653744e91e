package dev.jdock.cli.command.image;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.client.ImageApi;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.ProgressDisplay;
import dev.jdock.cli.io.Terminal;
import dev.jdock.cli.reply.ImageDeleteView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code load}, {@code save}, {@code import}, {@code tag}, {@code rmi}. */
public final class ImageCommands {
    public static final Args.Spec LOAD = new Args.Spec("load")
            .option("i", "input", "string", "Read from tar archive file, instead of STDIN")
            .option(null, "platform", "string", "Load only the given platform variant. Formatted as "
                + "\"os[/arch[/variant]]\" (e.g., \"linux/amd64\")")
            .flag("q", "quiet", "Suppress the load output");
    public static final Args.Spec SAVE = new Args.Spec("save")
            .option("o", "output", "string", "Write to a file, instead of STDOUT")
            .option(null, "platform", "string", "Save only the given platform variant. Formatted as "
                + "\"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");
    public static final Args.Spec IMPORT = new Args.Spec("import")
            .option("c", "change", "list", "Apply Dockerfile instruction to the created image")
            .option("m", "message", "string", "Set commit message for imported image")
            .option(null, "platform", "string", "Set platform if server is multi-platform capable");
    public static final Args.Spec TAG = new Args.Spec("tag").stopAtPositional(); // docker: SetInterspersed(false)
    public static final Args.Spec RMI = new Args.Spec("rmi")
            .flag("f", "force", "Force removal of the image")
            .flag(null, "no-prune", "Do not delete untagged parents")
            .option(null, "platform", "strings", "Remove only the given platform variant. Formatted as "
                + "\"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");

    private ImageCommands() {
    }

    /**
     * As docker's: no archive from a terminal; off a terminal the daemon is asked for no progress ({@code quiet}), on
     * one it is drawn.
     */
    public static int load(Cli cli, Args a, InputStream stdin) throws IOException {
        CommandSupport.requireApi(cli, a, "platform", "1.48"); // the docker CLI's flag annotation, checked first
        String file = a.value("input");
        if (file == null && stdin == System.in && Terminal.stdinIsTerminal()) {
            throw new CliException(1, "requested load from stdin, but stdin is empty");
        }
        boolean terminal = Terminal.stdoutIsTerminal();
        String platform = platform(a);
        try (InputStream in = file == null ? stdin : Files.newInputStream(Path.of(file));
                HttpResponse r = platform == null ? new ImageApi(cli.client()).load(in, a.has("quiet") || !terminal)
                        : cli.client().execute(HttpRequest.post("/images/load").flag("quiet", a.has("quiet")
                                || !terminal).query("platform", platform).body(in, "application/x-tar"))) {
            return printProgress(cli, r.body(), terminal);
        }
    }

    /** Shows the message stream as docker's jsonmessage ({@link ProgressDisplay}); an error ends with exit 1. */
    static int printProgress(Cli cli, InputStream body, boolean terminal) throws IOException {
        String error = new ProgressDisplay(cli.out(), terminal).display(body);
        if (error != null) {
            cli.err().println(error);
            return 1;
        }
        return 0;
    }

    public static int save(Cli cli, Args a) throws IOException {
        CommandSupport.requireApi(cli, a, "platform", "1.48");
        String file = a.value("output");
        if (file == null && Terminal.isTerminal()) {
            throw new CliException(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        String platform = platform(a);
        HttpRequest req = HttpRequest.get("/images/get");
        for (String n : a.positionals()) {
            req.query("names", n);
        }
        try (HttpResponse r = cli.client().execute(req.query("platform", platform));
                OutputStream out = file == null ? nonClosing(cli.out()) : Files.newOutputStream(Path.of(file))) {
            r.body().transferTo(out);
        }
        return 0;
    }

    /** --platform of save and load as docker 28 sends it (API 1.48): the OCI platform as JSON, or null. */
    static String platform(Args a) {
        String p = a.value("platform");
        return p == null || p.isEmpty() ? null : dev.jdock.cli.core.PlatformFlag.ociJson(p);
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    public static int importImage(Cli cli, Args a, InputStream stdin) throws IOException {
        List<String> p = a.positionals();
        String ref = p.size() > 1 ? p.get(1) : null;
        String repo = ref;
        String tag = null;
        if (ref != null) {
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/')) {
                repo = ref.substring(0, colon);
                tag = ref.substring(colon + 1);
            }
        }
        String src = p.get(0);
        boolean url = src.startsWith("http://") || src.startsWith("https://");
        HttpRequest req = HttpRequest.post("/images/create").query("fromSrc", url ? src : "-")
                .query("repo", repo).query("tag", tag).query("message", a.value("message"))
                .query("platform", a.value("platform"));
        for (String c : a.values("change")) {
            req.query("changes", c);
        }
        try (InputStream in = url ? InputStream.nullInputStream()
                : src.equals("-") ? stdin : Files.newInputStream(Path.of(src))) {
            if (!url) {
                req.body(in, "application/x-tar");
            }
            try (HttpResponse r = cli.client().execute(req)) {
                return printProgress(cli, r.body(), Terminal.stdoutIsTerminal());
            }
        }
    }

    /** The reference as given, or docker's {@code Error parsing reference: "x" is not a valid repository/tag: ...}. */
    private static String parsedName(String ref) {
        try {
            dev.jdock.api.value.ImageReference.parseNamed(ref);
            return ref;
        } catch (IllegalArgumentException e) {
            throw new CliException(1, "Error parsing reference: " + Args.goQuote(ref)
                    + " is not a valid repository/tag: " + e.getMessage());
        }
    }

    public static int tag(Cli cli, Args a) throws IOException {
        String source = a.positionals().get(0);
        String target = a.positionals().get(1);
        // the docker client's ImageTag, exit 1 before any request: the source is any reference (an ID, a digest or a
        // name: ParseAnyReference), the target a name (ParseNormalizedNamed) without a digest
        if (!source.matches("(sha256:)?[a-f0-9]{64}")) {
            parsedName(source);
        }
        if (parsedName(target).contains("@")) {
            throw new CliException(1, "refusing to create a tag with a digest reference");
        }
        int colon = target.lastIndexOf(':');
        boolean hasTag = colon > target.lastIndexOf('/');
        try {
            new ImageApi(cli.client()).tag(source, hasTag ? target.substring(0, colon) : target,
                    hasTag ? target.substring(colon + 1) : "latest");
        } catch (EngineApiException e) {
            cli.err().println("Error response from daemon: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    public static int rmi(Cli cli, Args a) throws IOException {
        CommandSupport.requireApi(cli, a, "platform", "1.50"); // jdock's API is 1.48 at most
        return CommandSupport.each(cli, RMI, a, n -> {
            Object items = MiniJson.parse(new ImageApi(cli.client()).remove(n, a.has("force"), a.has("no-prune")));
            for (ImageDeleteView item : ImageDeleteView.listOf(items)) {
                if (item.hasUntagged()) {
                    cli.out().println("Untagged: " + item.untagged());
                }
                if (item.hasDeleted()) {
                    cli.out().println("Deleted: " + item.deleted());
                }
            }
        });
    }
}
