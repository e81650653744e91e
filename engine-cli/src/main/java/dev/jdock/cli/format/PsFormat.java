package dev.jdock.cli.format;

import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.reply.ContainerSummaryView;
import dev.jdock.cli.reply.MountPointView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ps --format}: the docker CLI's container context (cli/command/formatter/container.go) as data for
 * {@link FormatOutput}: ID, Image, Command, CreatedAt, RunningFor, Ports, State, Status, Size, Names, Labels,
 * {@code Label "k"}, Mounts, LocalVolumes, Networks.
 */
public final class PsFormat {
    static final String TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t"
            + "{{.Ports}}\t{{.Names}}";
    static final String TABLE_SIZE = TABLE + "\t{{.Size}}";
    static final Map<String, String> HEADERS = headers();

    private PsFormat() {
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "CONTAINER ID");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("CreatedAt", "CREATED AT");
        h.put("RunningFor", "CREATED");
        h.put("Ports", "PORTS");
        h.put("State", "STATE");
        h.put("Status", "STATUS");
        h.put("Size", "SIZE");
        h.put("Names", "NAMES");
        h.put("Labels", "LABELS");
        h.put("Label", "LABEL");
        h.put("Mounts", "MOUNTS");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        h.put("Networks", "NETWORKS");
        return h;
    }

    /** True when the template shows sizes, so the list must be asked with {@code size=1} (as docker does). */
    public static boolean wantsSize(String format) {
        return format != null && (format.contains(".Size") || format.replace(" ", "").contains("json.}}"));
    }

    public static String render(List<ContainerSummaryView> containers, String format, boolean quiet, boolean trunc,
            boolean size, long now) {
        String f = format;
        if (f == null || f.isEmpty() || f.equals("table")) {
            f = quiet ? "{{.ID}}" : size ? TABLE_SIZE : TABLE;
        } else if (quiet) {
            f = "{{.ID}}";
        }
        if (format != null && !format.isEmpty()) {
            check(format);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ContainerSummaryView c : containers) {
            rows.add(row(c, trunc, now));
        }
        return FormatOutput.render(f, TABLE, HEADERS, rows, "*formatter.ContainerContext");
    }

    /**
     * docker 28's ps runs the whole --format (a {@code table} prefix included) on an empty container first, to see
     * whether it shows sizes: a bad template fails there, with or without containers, worded as that step's.
     */
    private static void check(String format) {
        FormatTemplate t;
        try {
            t = FormatTemplate.parseStrict(format, "*formatter.ContainerContext");
        } catch (IllegalArgumentException e) {
            throw new CliException(1, "failed to parse template: " + e.getMessage());
        }
        Map<String, Object> empty = new TreeMap<>();
        HEADERS.keySet().forEach(k -> empty.put(k, ""));
        empty.put("Label", Formats.label(Map.of()));
        try {
            t.execute(empty);
        } catch (IllegalArgumentException e) {
            throw new CliException(1, "failed to execute template: " + e.getMessage());
        }
    }

    /** One container as docker's ContainerContext ({@code system df -v} reuses it). */
    public static Map<String, Object> row(ContainerSummaryView c, boolean trunc, long now) {
        String id = c.id();
        String cmd = c.command();
        long created = c.created();
        Map<String, Object> labels = c.labels();
        Map<String, Object> r = new TreeMap<>();
        r.put("Command", Formats.quote(trunc ? Formats.ellipsis(cmd, 20) : cmd));
        r.put("CreatedAt", Formats.goTime(created));
        r.put("ID", trunc ? Formats.shortId(id) : id);
        r.put("Image", Formats.image(c.image(), trunc));
        r.put("Labels", Formats.labels(labels));
        r.put("Label", (FormatTemplate.Method) args -> {
            Object v = args.isEmpty() ? null : labels.get(String.valueOf(args.get(0)));
            return v == null ? "" : v;
        });
        r.put("LocalVolumes", Long.toString(localVolumes(c)));
        r.put("Mounts", mounts(c, trunc));
        r.put("Names", Formats.names(c.names(), trunc));
        r.put("Networks", networks(c));
        r.put("Platform", null); // docker 28: the image manifest's platform (API 1.48+), null before
        r.put("Ports", Formats.ports(c.ports()));
        r.put("RunningFor", Formats.ago(created, now));
        r.put("Size", size(c));
        r.put("State", c.state());
        r.put("Status", c.status());
        return r;
    }

    /** {@code 0B}, or {@code 12kB (virtual 4.4MB)} with the virtual size when the daemon computed it. */
    static String size(ContainerSummaryView c) {
        long rw = c.sizeRw();
        long root = c.sizeRootFs();
        String srw = HumanUnits.size(rw);
        return root > 0 ? srw + " (virtual " + HumanUnits.size(root) + ")" : srw;
    }

    private static long localVolumes(ContainerSummaryView c) {
        return c.mounts().stream().filter(m -> "local".equals(m.driver())).count();
    }

    /** Volume names, or bind sources (truncated to 15 with an ellipsis when trunc), comma separated. */
    private static String mounts(ContainerSummaryView c, boolean trunc) {
        List<String> out = new ArrayList<>();
        for (MountPointView m : c.mounts()) {
            String name = m.name();
            if (name.isEmpty()) {
                name = m.source();
            }
            out.add(trunc ? Formats.ellipsis(name, 15) : name);
        }
        return String.join(",", out);
    }

    private static String networks(ContainerSummaryView c) {
        List<String> names = c.networkNames();
        names.sort(null);
        return String.join(",", names);
    }
}
