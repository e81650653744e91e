package dev.jdock.cli.command.system;

import dev.jdock.cli.command.Prompts;
import dev.jdock.cli.command.PruneReport;
import dev.jdock.cli.command.Prunes;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code jdock system prune [-a] [--volumes] [-f] [--filter]}: docker 28's prompt (the list of what goes, then the
 * label/until filters), then containers, networks, anonymous volumes (with --volumes), images (dangling, or every
 * unused one with -a) and build cache, each listing as its own prune prints it, and one total.
 */
public final class SystemPruneCommand {
    public static final Args.Spec SPEC = new Args.Spec("system prune")
            .flag("a", "all", "Remove all unused images not just dangling ones")
            .option(null, "filter", "filter", "Provide filter values (e.g. \"label=<key>=<value>\")")
            .flag("f", "force", "Do not prompt for confirmation")
            .flag(null, "volumes", "Prune anonymous volumes");

    private SystemPruneCommand() {
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        boolean all = a.has("all");
        boolean volumes = a.has("volumes");
        List<String> filters = a.values("filter");
        if (volumes && filters.stream().anyMatch(f -> key(f).equals("until"))) {
            throw new CliException(1, "ERROR: The \"until\" filter is not supported with \"--volumes\"");
        }
        if (!a.has("force") && !Prompts.confirm(cli, stdin, warning(all, volumes, filters))) {
            return 0;
        }
        List<PruneReport> reports = new ArrayList<>();
        reports.add(Prunes.containers(cli, filters));
        reports.add(Prunes.networks(cli, filters));
        if (volumes) {
            reports.add(Prunes.volumes(cli, filters, false));
        }
        reports.add(Prunes.images(cli, filters, all));
        reports.add(Prunes.buildCache(cli, filters, all, 0));
        long space = 0;
        StringBuilder out = new StringBuilder();
        for (PruneReport r : reports) {
            space += r.spaceReclaimed();
            out.append(r.listing());
        }
        cli.out().print(out.append(PruneReport.total(space)));
        return 0;
    }

    /** docker's confirmationTemplate; only label, label! and until filters are listed, sorted. */
    static String warning(boolean all, boolean volumes, List<String> filters) {
        StringBuilder sb = new StringBuilder("WARNING! This will remove:\n  - all stopped containers\n"
                + "  - all networks not used by at least one container\n");
        if (volumes) {
            sb.append("  - all anonymous volumes not used by at least one container\n");
        }
        sb.append(all ? "  - all images without at least one container associated to them\n"
                : "  - all dangling images\n");
        sb.append(all ? "  - all build cache\n" : "  - unused build cache\n");
        List<String> shown = new ArrayList<>();
        for (String f : filters) {
            String k = key(f);
            if (k.equals("label") || k.equals("label!") || k.equals("until")) {
                shown.add(k + "=" + (f.indexOf('=') < 0 ? "" : f.substring(f.indexOf('=') + 1)));
            }
        }
        Collections.sort(shown);
        if (!shown.isEmpty()) {
            sb.append("\n  Items to be pruned will be filtered with:\n");
            shown.forEach(s -> sb.append("  - ").append(s).append('\n'));
        }
        return sb.append("\nAre you sure you want to continue?").toString();
    }

    private static String key(String filter) {
        int eq = filter.indexOf('=');
        return (eq < 0 ? filter : filter.substring(0, eq)).strip();
    }
}
