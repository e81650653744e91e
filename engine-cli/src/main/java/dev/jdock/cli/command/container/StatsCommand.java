package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.FormatOutput;
import dev.jdock.cli.format.JsonStreamSplitter;
import dev.jdock.cli.reply.ContainerSummaryView;
import dev.jdock.cli.reply.EventMessageView;
import dev.jdock.cli.reply.StatsView;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code jdock stats [--no-stream] [-a] [--no-trunc] [--format F] [CONTAINER...]}: docker's table and CPU % formula.
 * Without names it streams until interrupted and follows the container events, as docker's.
 */
public final class StatsCommand {
    public static final Args.Spec SPEC = new Args.Spec("stats")
            .flag(null, "no-stream", "Disable streaming stats and only pull the first result")
            .flag("a", "all", "Show all containers (default shows just running)")
            .flag(null, "no-trunc", "Do not truncate output")
            .option(null, "format", "string", Args.FORMAT_TABLE_HELP);
    static final String TABLE = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t"
            + "{{.BlockIO}}\t{{.PIDs}}";
    static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "ID", "CONTAINER ID", "Name", "NAME",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O", "BlockIO",
            "BLOCK I/O", "PIDs", "PIDS");
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB"};

    private StatsCommand() {
    }

    public static int run(Cli cli, Args a) throws IOException {
        try {
            return stats(cli, a);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int stats(Cli cli, Args a) throws IOException, InterruptedException {
        boolean stream = !a.has("no-stream");
        boolean named = !a.positionals().isEmpty();
        boolean all = a.has("all");
        Map<String, StatsView> latest = new ConcurrentHashMap<>();
        Map<String, String> errors = new ConcurrentHashMap<>();
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        if (!named && stream) {
            // as docker: containers that start (with -a, that are created) join the table, those that die (without
            // -a) or are removed leave it; events from before the listing, so none falls between the two
            String since = Long.toString(cli.now() / 1000);
            Thread events = new Thread(() -> follow(cli, since, all, ids, threads, latest, errors, stream),
                    "stats-events");
            events.setDaemon(true);
            events.start();
        }
        for (String id : named ? a.positionals() : listContainers(cli, all)) {
            track(cli, id, ids, threads, latest, errors, stream);
        }
        if (!stream) {
            for (Thread t : threads) {
                t.join();
            }
            if (!errors.isEmpty()) {
                cli.err().println("Error response from daemon: " + errors.values().iterator().next());
                return 1;
            }
            cli.out().print(table(ids, latest, a.has("no-trunc"), a.value("format"), named));
            return 0;
        }
        while (true) {
            Thread.sleep(500);
            cli.out().print(frame(table(ids, latest, a.has("no-trunc"), a.value("format"), named)));
            cli.out().flush();
            if (named && threads.stream().noneMatch(Thread::isAlive)) {
                return errors.isEmpty() ? 0 : 1;
            }
        }
    }

    /** Adds a container to the table (once) and starts reading its stats. */
    private static void track(Cli cli, String id, List<String> ids, List<Thread> threads,
            Map<String, StatsView> latest, Map<String, String> errors, boolean stream) {
        synchronized (ids) {
            if (ids.contains(id)) {
                return;
            }
            ids.add(id);
        }
        Thread t = new Thread(() -> collect(cli, id, stream, ids, latest, errors), "stats-" + id);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** The container events that change which containers are shown, until the daemon ends the stream. */
    private static void follow(Cli cli, String since, boolean all, List<String> ids, List<Thread> threads,
            Map<String, StatsView> latest, Map<String, String> errors, boolean stream) {
        HttpRequest req = HttpRequest.get("/events").query("since", since)
                .query("filters", new dev.jdock.api.client.Filters().add("type", "container").toJson());
        try (HttpResponse r = cli.client().execute(req); JsonStreamSplitter in = new JsonStreamSplitter(r.body())) {
            Object json;
            while ((json = in.next()) != null) {
                EventMessageView e = new EventMessageView(json);
                String id = e.actorId();
                switch (e.action()) {
                    case "create" -> {
                        if (all) {
                            track(cli, id, ids, threads, latest, errors, stream);
                        }
                    }
                    case "start" -> track(cli, id, ids, threads, latest, errors, stream);
                    case "die" -> {
                        if (!all) {
                            untrack(id, ids, latest);
                        }
                    }
                    case "destroy" -> untrack(id, ids, latest);
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no more events: the table keeps the containers it has
        }
    }

    private static void untrack(String id, List<String> ids, Map<String, StatsView> latest) {
        ids.remove(id);
        latest.remove(id);
    }

    /**
     * One redraw of the streaming table, byte for byte as the docker CLI 28 writes it every 500 ms, terminal or
     * not: {@code ESC[H} and the table, then that text again with {@code " ESC[K"} ending each of its lines (its
     * last, empty one too: docker appends the erasing copy to the buffer it is still printing), then {@code ESC[J}.
     */
    static String frame(String table) {
        String text = "\033[H" + table;
        StringBuilder sb = new StringBuilder(text);
        for (String line : text.split("\n", -1)) {
            sb.append(line).append(" \033[K\n");
        }
        return sb.append("\033[J").toString();
    }

    private static List<String> listContainers(Cli cli, boolean all) throws IOException {
        List<String> ids = new ArrayList<>();
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/containers/json").flag("all", all))) {
            for (ContainerSummaryView c : ContainerSummaryView.listOf(MiniJson.parse(r.readAll()))) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    private static void collect(Cli cli, String id, boolean stream, List<String> ids, Map<String, StatsView> latest,
            Map<String, String> errors) {
        HttpRequest req = HttpRequest.get("/containers/" + id + "/stats").query("stream", stream ? "1" : "0");
        try (HttpResponse r = cli.client().execute(req); JsonStreamSplitter in = new JsonStreamSplitter(r.body())) {
            Object s;
            while ((s = in.next()) != null && ids.contains(id)) {
                latest.put(id, new StatsView(s));
                if (!stream) {
                    return;
                }
            }
        } catch (dev.jdock.api.client.EngineApiException e) {
            errors.put(id, e.getMessage());
        } catch (IOException | RuntimeException e) {
            errors.put(id, String.valueOf(e.getMessage()));
        }
    }

    /** The default table. */
    static String table(List<String> ids, Map<String, StatsView> latest, boolean noTrunc) {
        return table(ids, latest, noTrunc, null, true);
    }

    /**
     * docker's stats table or {@code --format} (table, json or a template over its stats context: Container, ID,
     * Name, CPUPerc, MemUsage, MemPerc, NetIO, BlockIO, PIDs); Container is the name or ID as given, or the short
     * ID of a listed container ({@code named} false).
     */
    static String table(List<String> ids, Map<String, StatsView> latest, boolean noTrunc, String format,
            boolean named) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : ids) {
            StatsView s = latest.get(id);
            if (s != null) {
                String[] cells = row(s, noTrunc);
                Map<String, Object> r = new TreeMap<>();
                r.put("Container", named || id.length() <= 12 ? id : id.substring(0, 12));
                r.put("ID", cells[0]);
                r.put("Name", cells[1]);
                r.put("CPUPerc", cells[2]);
                r.put("MemUsage", cells[3]);
                r.put("MemPerc", cells[4]);
                r.put("NetIO", cells[5]);
                r.put("BlockIO", cells[6]);
                r.put("PIDs", cells[7]);
                rows.add(r);
            }
        }
        return FormatOutput.render(format, TABLE, HEADERS, rows, "*container.statsContext");
    }

    static String[] row(StatsView s, boolean noTrunc) {
        String id = s.id();
        String name = s.name().replaceFirst("^/", "");
        StatsView.MemoryStatsView memory = s.memoryStats();
        double mem = memoryUsage(memory);
        double limit = memory.limit();
        double memPercent = limit != 0 ? mem / limit * 100.0 : 0;
        double rx = 0;
        double tx = 0;
        for (StatsView.NetStatsView n : s.networks()) {
            rx += n.rxBytes();
            tx += n.txBytes();
        }
        double read = 0;
        double write = 0;
        for (StatsView.BlkioEntryView b : s.ioServiceBytes()) {
            switch (b.op().toLowerCase()) {
                case "read" -> read += b.value();
                case "write" -> write += b.value();
                default -> { }
            }
        }
        return new String[] {noTrunc || id.length() < 12 ? id : id.substring(0, 12), name.isEmpty() ? "--" : name,
            String.format("%.2f%%", cpuPercent(s)), binary(mem) + " / " + binary(limit),
            String.format("%.2f%%", memPercent), decimal(rx) + " / " + decimal(tx),
            decimal(read) + " / " + decimal(write), Long.toString(s.pidsCurrent())};
    }

    /** The docker CLI's CPU %: (container CPU delta / system CPU delta) x online CPUs x 100. */
    static double cpuPercent(StatsView s) {
        StatsView.CpuStatsView cur = s.cpuStats();
        StatsView.CpuStatsView pre = s.precpuStats();
        double cpuDelta = cur.totalUsage() - pre.totalUsage();
        double systemDelta = cur.systemCpuUsage() - pre.systemCpuUsage();
        double cpus = cur.onlineCpus();
        if (cpus == 0) {
            cpus = cur.perCpuCount();
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100.0 : 0;
    }

    /** Usage minus the inactive page cache, as docker (total_inactive_file on v1, inactive_file on v2). */
    static double memoryUsage(StatsView.MemoryStatsView m) {
        double usage = m.usage();
        Double inactive = m.inactiveFile();
        if (inactive != null && inactive < usage) {
            return usage - inactive;
        }
        return usage;
    }

    /** go-units BytesSize: "%.4g" with binary units. */
    static String binary(double v) {
        return size(v, 1024, BINARY, 4);
    }

    /** go-units HumanSizeWithPrecision(v, 3): decimal units. */
    static String decimal(double v) {
        return size(v, 1000, DECIMAL, 3);
    }

    private static String size(double v, double base, String[] units, int precision) {
        int i = 0;
        while (v >= base && i < units.length - 1) {
            v /= base;
            i++;
        }
        return goG(v, precision) + units[i];
    }

    /** Go's %.Ng for the small positive values here: N significant digits, no trailing zeros. */
    static String goG(double v, int precision) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(precision)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
