package dev.jdock.cli.command.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.api.stream.JsonLinesReader;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.Table;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code jdock stats [--no-stream] [-a] [--no-trunc] [CONTAINER...]}: docker's table and CPU % formula. */
public final class StatsCommand {
    public static final Args.Spec SPEC = new Args.Spec("stats").flag(null, "no-stream").flag("a", "all")
            .flag(null, "no-trunc");
    private static final String[] HEADER = {"CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %",
        "NET I/O", "BLOCK I/O", "PIDS"};
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
        List<String> ids = a.positionals().isEmpty() ? listContainers(cli, a.has("all")) : a.positionals();
        Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        Map<String, String> errors = new ConcurrentHashMap<>();
        boolean stream = !a.has("no-stream");
        List<Thread> threads = new ArrayList<>();
        for (String id : ids) {
            Thread t = new Thread(() -> collect(cli, id, stream, latest, errors), "stats-" + id);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        if (!stream) {
            for (Thread t : threads) {
                t.join();
            }
            if (!errors.isEmpty()) {
                cli.err().println("Error response from daemon: " + errors.values().iterator().next());
                return 1;
            }
            cli.out().print(table(ids, latest, a.has("no-trunc")));
            return 0;
        }
        while (true) {
            Thread.sleep(1000);
            cli.out().print("\033[2J\033[H" + table(ids, latest, a.has("no-trunc")));
            cli.out().flush();
            if (threads.stream().noneMatch(Thread::isAlive)) {
                return errors.isEmpty() ? 0 : 1;
            }
        }
    }

    private static List<String> listContainers(Cli cli, boolean all) throws IOException {
        List<String> ids = new ArrayList<>();
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/containers/json").flag("all", all))) {
            for (JsonNode c : Json.mapper().readTree(r.body())) {
                ids.add(c.path("Id").asText());
            }
        }
        return ids;
    }

    private static void collect(Cli cli, String id, boolean stream, Map<String, JsonNode> latest,
            Map<String, String> errors) {
        HttpRequest req = HttpRequest.get("/containers/" + id + "/stats").query("stream", stream ? "1" : "0");
        try (HttpResponse r = cli.client().execute(req); JsonLinesReader in = new JsonLinesReader(r.body())) {
            JsonNode s;
            while ((s = in.next()) != null) {
                latest.put(id, s);
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

    static String table(List<String> ids, Map<String, JsonNode> latest, boolean noTrunc) {
        Table t = new Table(HEADER);
        for (String id : ids) {
            JsonNode s = latest.get(id);
            if (s != null) {
                t.row(row(s, noTrunc));
            }
        }
        return t.render();
    }

    static String[] row(JsonNode s, boolean noTrunc) {
        String id = s.path("id").asText();
        String name = s.path("name").asText().replaceFirst("^/", "");
        double mem = memoryUsage(s.path("memory_stats"));
        double limit = s.path("memory_stats").path("limit").asDouble(0);
        double memPercent = limit != 0 ? mem / limit * 100.0 : 0;
        double rx = 0;
        double tx = 0;
        for (JsonNode n : s.path("networks")) {
            rx += n.path("rx_bytes").asDouble();
            tx += n.path("tx_bytes").asDouble();
        }
        double read = 0;
        double write = 0;
        for (JsonNode b : s.path("blkio_stats").path("io_service_bytes_recursive")) {
            switch (b.path("op").asText().toLowerCase()) {
                case "read" -> read += b.path("value").asDouble();
                case "write" -> write += b.path("value").asDouble();
                default -> { }
            }
        }
        return new String[] {noTrunc || id.length() < 12 ? id : id.substring(0, 12), name.isEmpty() ? "--" : name,
            String.format("%.2f%%", cpuPercent(s)), binary(mem) + " / " + binary(limit),
            String.format("%.2f%%", memPercent), decimal(rx) + " / " + decimal(tx),
            decimal(read) + " / " + decimal(write), Long.toString(s.path("pids_stats").path("current").asLong(0))};
    }

    /** The docker CLI's CPU %: (container CPU delta / system CPU delta) x online CPUs x 100. */
    static double cpuPercent(JsonNode s) {
        JsonNode cur = s.path("cpu_stats");
        JsonNode pre = s.path("precpu_stats");
        double cpuDelta = cur.path("cpu_usage").path("total_usage").asDouble()
                - pre.path("cpu_usage").path("total_usage").asDouble();
        double systemDelta = cur.path("system_cpu_usage").asDouble() - pre.path("system_cpu_usage").asDouble();
        double cpus = cur.path("online_cpus").asDouble(0);
        if (cpus == 0) {
            cpus = cur.path("cpu_usage").path("percpu_usage").size();
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100.0 : 0;
    }

    /** Usage minus the inactive page cache, as docker (total_inactive_file on v1, inactive_file on v2). */
    static double memoryUsage(JsonNode m) {
        double usage = m.path("usage").asDouble(0);
        JsonNode stats = m.path("stats");
        JsonNode inactive = stats.has("total_inactive_file") ? stats.get("total_inactive_file")
                : stats.path("inactive_file");
        if (inactive.isNumber() && inactive.asDouble() < usage) {
            return usage - inactive.asDouble();
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
