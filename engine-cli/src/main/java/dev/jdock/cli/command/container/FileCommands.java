package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.Terminal;
import dev.jdock.cli.reply.FilesystemChangeView;
import dev.jdock.cli.reply.IdResponseView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code jdock export}, {@code jdock diff} and {@code jdock commit}. */
public final class FileCommands {
    public static final Args.Spec EXPORT = new Args.Spec("export")
            .option("o", "output", "string", "Write to a file, instead of STDOUT");
    public static final Args.Spec DIFF = new Args.Spec("diff");
    public static final Args.Spec COMMIT = new Args.Spec("commit")
            .option("a", "author", "string", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
            .option("m", "message", "string", "Commit message")
            .option("c", "change", "list", "Apply Dockerfile instruction to the created image")
            .flag("p", "pause", "Pause container during commit", "true");

    private FileCommands() {
    }

    public static int export(Cli cli, Args a) throws IOException {
        String file = a.value("output");
        if (file == null && Terminal.isTerminal()) {
            throw new CliException(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/containers/" + a.positionals().get(0)
                + "/export"))) {
            if (file == null) {
                r.body().transferTo(cli.out());
                cli.out().flush();
            } else {
                try (OutputStream out = Files.newOutputStream(Path.of(file))) {
                    r.body().transferTo(out);
                }
            }
        }
        return 0;
    }

    public static int diff(Cli cli, Args a) throws IOException {
        Object changes = MiniJson.parse(cli.client().getBytes("/containers/" + a.positionals().get(0) + "/changes"));
        for (FilesystemChangeView c : FilesystemChangeView.listOf(changes)) {
            long kind = c.kind();
            String k = kind == 0 ? "C" : kind == 1 ? "A" : kind == 2 ? "D" : "?";
            cli.out().println(k + " " + c.path());
        }
        return 0;
    }

    public static int commit(Cli cli, Args a) throws IOException {
        List<String> p = a.positionals();
        HttpRequest req = HttpRequest.post("/commit").query("container", p.get(0))
                .query("author", a.value("author")).query("comment", a.value("message"));
        for (String c : a.values("change")) {
            req.query("changes", c);
        }
        if (p.size() == 2) {
            String ref = p.get(1);
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/')) {
                req.query("repo", ref.substring(0, colon)).query("tag", ref.substring(colon + 1));
            } else {
                req.query("repo", ref);
            }
        }
        req.query("pause", a.has("pause") || a.value("pause") == null ? "1" : "0");
        try (HttpResponse r = cli.client().execute(req)) {
            cli.out().println(new IdResponseView(MiniJson.parse(r.readAll())).id());
        }
        return 0;
    }
}
