package dev.jdock.cli.command.system;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.ContextRow;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.FormatTemplate;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.GoStruct;
import dev.jdock.cli.format.ImageRows;
import dev.jdock.cli.format.PsFormat;
import dev.jdock.cli.format.TabWriter;
import dev.jdock.cli.reply.BuildCacheView;
import dev.jdock.cli.reply.ContainerSummaryView;
import dev.jdock.cli.reply.ImageSummaryView;
import dev.jdock.cli.reply.SystemDfView;
import dev.jdock.cli.reply.VolumeView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code jdock system df [-v] [--format]}: the docker CLI's disk usage summary and verbose sections. */
public final class SystemDfCommand {
    public static final Args.Spec SPEC = new Args.Spec("system df")
            .flag("v", "verbose", "Show detailed information on space usage")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP);
    static final String TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    static final Map<String, String> HEADERS = new LinkedHashMap<>(Map.of("Type", "TYPE", "TotalCount", "TOTAL",
            "Active", "ACTIVE", "Size", "SIZE", "Reclaimable", "RECLAIMABLE"));
    static final String IMAGES_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
            + "\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    static final String CONTAINERS_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}"
            + "\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
    static final Map<String, String> CONTAINER_HEADERS = containerHeaders();

    private SystemDfCommand() {
    }

    private static Map<String, String> containerHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "CONTAINER ID");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("LocalVolumes", "LOCAL VOLUMES");
        h.put("Size", "SIZE");
        h.put("RunningFor", "CREATED");
        h.put("Status", "STATUS");
        h.put("Names", "NAMES");
        return h;
    }

    public static int run(Cli cli, Args a) throws IOException {
        byte[] body;
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/system/df"))) {
            body = r.readAll();
        }
        SystemDfView df = new SystemDfView(MiniJson.parse(body));
        String format = a.value("format");
        if (a.has("verbose") && format != null && !format.isEmpty() && !format.equals("table")) {
            cli.out().print(verboseFormat(df, format, cli.now()));
        } else {
            cli.out().print(a.has("verbose") ? verbose(df, cli.now()) : summary(df, format));
        }
        return 0;
    }

    public static String summary(SystemDfView df, String format) {
        List<ImageSummaryView> images = df.images();
        List<ContainerSummaryView> containers = df.containers();
        long layers = df.layersSize();
        List<Map<String, Object>> rows = new ArrayList<>();
        long activeImages = images.stream().filter(i -> i.containers() > 0).count();
        long used = 0;
        for (ImageSummaryView i : images) {
            long size = i.size();
            long shared = i.sharedSize();
            if (i.containers() > 0 && size != -1 && shared != -1) {
                used += size - shared;
            }
        }
        rows.add(row("Images", images.size(), activeImages, layers, layers - used, true));
        long csize = 0;
        long creclaim = 0;
        long active = 0;
        for (ContainerSummaryView c : containers) {
            long rw = c.sizeRw();
            csize += rw;
            String state = c.state();
            if (state.equals("running") || state.equals("paused") || state.equals("restarting")) {
                active++;
            } else {
                creclaim += rw;
            }
        }
        rows.add(row("Containers", containers.size(), active, csize, creclaim, true));
        List<VolumeView> volumes = df.volumes();
        long vsize = 0;
        long vreclaim = 0;
        long vactive = 0;
        for (VolumeView v : volumes) {
            long size = v.usageSize();
            long refs = v.usageRefCount();
            vactive += refs > 0 ? 1 : 0;
            if (size != -1) {
                vsize += size;
                vreclaim += refs == 0 ? size : 0;
            }
        }
        rows.add(row("Local Volumes", volumes.size(), vactive, vsize, vreclaim, true));
        long bsize = 0;
        long breclaim = 0;
        long bactive = 0;
        List<BuildCacheView> cache = df.buildCache();
        for (BuildCacheView b : cache) { // docker's: shared entries count in no size
            bactive += b.inUse() ? 1 : 0;
            bsize += b.shared() ? 0 : b.size();
            breclaim += b.shared() || b.inUse() ? 0 : b.size();
        }
        rows.add(row("Build Cache", cache.size(), bactive, bsize, breclaim, false));
        return FormatOutput.render(format, TABLE, HEADERS, rows, "*formatter.diskUsageImagesContext");
    }

    private static Map<String, Object> row(String type, long total, long active, long size, long reclaimable,
            boolean percent) {
        Map<String, Object> r = new TreeMap<>();
        r.put("Type", type);
        r.put("TotalCount", Long.toString(total));
        r.put("Active", Long.toString(active));
        r.put("Size", Formats.humanSize4(size));
        String rec = Formats.humanSize4(reclaimable);
        r.put("Reclaimable", percent && size > 0 ? rec + " (" + (reclaimable * 100 / size) + "%)" : rec);
        return r;
    }

    /**
     * {@code system df -v --format}: the template ({@code json}: {@code {{json .}}}) runs once over docker's
     * diskUsageContext (Images, Containers, Volumes, BuildCache: lists of its listing contexts, untruncated) and
     * prints without a final newline, as docker's.
     */
    static String verboseFormat(SystemDfView df, String format, long now) {
        FormatTemplate t;
        try {
            t = FormatTemplate.parseStrict(format.equals("json") ? "{{json .}}" : format, null);
        } catch (IllegalArgumentException e) {
            throw new CliException(1, "template parsing error: " + e.getMessage());
        }
        List<Object> images = new ArrayList<>();
        for (ImageSummaryView img : df.images()) {
            List<String> tags = img.repoTags();
            String[] first = tags.isEmpty() ? new String[] {"<none>", "<none>"}
                    : ImageRows.rowsOf(List.of(tags.get(0)), List.of(), false, false).get(0);
            images.add(new ContextRow(ImageRows.row(img, first[0], first[1], "", false, now)));
        }
        List<Object> containers = new ArrayList<>();
        for (ContainerSummaryView c : df.containers()) {
            Map<String, Object> r = PsFormat.row(c, false, now);
            r.put("Size", HumanUnits.size(c.sizeRw()));
            containers.add(new ContextRow(r));
        }
        List<Object> volumes = new ArrayList<>();
        for (VolumeView v : df.volumes()) {
            Map<String, Object> r = new TreeMap<>();
            r.put("Availability", "N/A");
            r.put("Driver", v.driver());
            r.put("Group", "N/A");
            r.put("Labels", Formats.labels(v.labels()));
            r.put("Links", v.usageRefCount() == -1 ? "N/A" : Long.toString(v.usageRefCount()));
            r.put("Mountpoint", v.mountpoint());
            r.put("Name", v.name());
            r.put("Scope", v.scope());
            r.put("Size", v.usageSize() == -1 ? "N/A" : Formats.humanSize4(v.usageSize()));
            r.put("Status", "N/A");
            volumes.add(new ContextRow(r));
        }
        List<Object> cache = new ArrayList<>();
        for (BuildCacheView b : BuildCacheView.byLastUse(df.buildCache())) {
            Map<String, Object> r = new TreeMap<>();
            r.put("ID", b.id());
            r.put("CacheType", b.type());
            r.put("CreatedAt", Formats.goTimeNanos(b.createdAt()));
            r.put("LastUsedAt", b.lastUsedAt() == null || b.lastUsedAt().isEmpty() ? ""
                    : Formats.goTimeNanos(b.lastUsedAt()));
            r.put("Description", b.description() == null ? "" : b.description());
            r.put("Parent", b.parent() == null ? "" : b.parent());
            r.put("Size", Formats.humanSize4(b.size()));
            r.put("CreatedSince", Formats.ago(b.createdUnix(), now));
            r.put("LastUsedSince", Formats.ago(b.lastUsedUnix(), now));
            r.put("UsageCount", Long.toString(b.usageCount()));
            r.put("InUse", Boolean.toString(b.inUse()));
            r.put("Shared", Boolean.toString(b.shared()));
            cache.add(new ContextRow(r));
        }
        GoStruct data = new GoStruct("*formatter.diskUsageContext").field("Images", images)
                .field("Containers", containers).field("Volumes", volumes).field("BuildCache", cache);
        try {
            return t.execute(data);
        } catch (IllegalArgumentException e) {
            throw new CliException(1, e.getMessage());
        }
    }

    public static String verbose(SystemDfView df, long now) {
        StringBuilder sb = new StringBuilder("Images space usage:\n\n");
        List<Map<String, Object>> images = new ArrayList<>();
        for (ImageSummaryView img : df.images()) {
            String repo = "<none>";
            String tag = "<none>";
            List<String> tags = img.repoTags();
            if (!tags.isEmpty() && !ImageRows.rowsOf(img, false).get(0)[0].equals("<none>")) {
                String[] first = ImageRows.rowsOf(List.of(tags.get(0)), List.of(), false, false).get(0);
                repo = first[0];
                tag = first[1];
            }
            images.add(ImageRows.row(img, repo, tag, "<none>", true, now));
        }
        sb.append(FormatOutput.render(IMAGES_TABLE, IMAGES_TABLE, ImageRows.HEADERS, images));
        sb.append("\nContainers space usage:\n\n");
        List<Map<String, Object>> containers = new ArrayList<>();
        for (ContainerSummaryView c : df.containers()) {
            Map<String, Object> r = new TreeMap<>();
            String cmd = c.command();
            r.put("ID", Formats.shortId(c.id()));
            r.put("Image", Formats.image(c.image(), true));
            r.put("Command", Formats.quote(Formats.ellipsis(cmd, 20)));
            r.put("LocalVolumes", Long.toString(c.mounts().stream().filter(m -> m.driver().equals("local")).count()));
            r.put("Size", HumanUnits.size(c.sizeRw()));
            r.put("RunningFor", Formats.ago(c.created(), now));
            r.put("Status", c.status());
            r.put("Names", Formats.names(c.names(), true));
            containers.add(r);
        }
        sb.append(FormatOutput.render(CONTAINERS_TABLE, CONTAINERS_TABLE, CONTAINER_HEADERS, containers));
        sb.append("\nLocal Volumes space usage:\n\n");
        StringBuilder vols = new StringBuilder("VOLUME NAME\tLINKS\tSIZE\n");
        for (VolumeView v : df.volumes()) {
            long size = v.usageSize();
            vols.append(v.name()).append('\t').append(v.usageRefCount()).append('\t')
                    .append(size == -1 ? "N/A" : Formats.humanSize4(size)).append('\n');
        }
        sb.append(TabWriter.format(vols.toString()));
        long used = 0;
        StringBuilder cache = new StringBuilder("CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n");
        for (BuildCacheView b : BuildCacheView.byLastUse(df.buildCache())) {
            used += b.shared() ? 0 : b.size();
            cache.append(b.id().length() > 12 ? b.id().substring(0, 12) : b.id()).append('\t').append(b.type())
                    .append('\t').append(Formats.humanSize4(b.size())).append('\t')
                    .append(Formats.ago(b.createdUnix(), now)).append('\t')
                    .append(Formats.ago(b.lastUsedUnix(), now)).append('\t').append(b.usageCount()).append('\t')
                    .append(b.shared()).append('\n');
        }
        sb.append("\nBuild cache usage: ").append(Formats.humanSize4(used)).append("\n\n");
        sb.append(TabWriter.format(cache.toString()));
        return sb.toString();
    }
}
