package dev.jdock.daemon.stats;

import dev.jdock.api.types.container.StatsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stats need from the host's /proc (a root directory, so tests use a fake): system CPU time as Docker
 * computes it, online CPUs, total memory, and a process's network counters.
 */
public final class HostInfo {
    private static final long CLOCK_TICKS = 100;

    private final Path proc;

    public HostInfo(Path proc) {
        this.proc = proc;
    }

    /** Sum of the first seven "cpu" fields of /proc/stat (user..softirq) in nanoseconds, as moby computes it. */
    public long systemCpuNs() {
        for (String line : lines(proc.resolve("stat"))) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long ticks = 0;
                for (int i = 1; i < Math.min(8, f.length); i++) {
                    ticks += Long.parseLong(f[i]);
                }
                return ticks * (1_000_000_000L / CLOCK_TICKS);
            }
        }
        return 0;
    }

    /** "cpuN" lines in /proc/stat. */
    public int onlineCpus() {
        int n = 0;
        for (String line : lines(proc.resolve("stat"))) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                n++;
            }
        }
        return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
    }

    /** MemTotal in bytes (the limit Docker reports for a container without a memory limit). */
    public long memTotal() {
        for (String line : lines(proc.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[1]) * 1024;
            }
        }
        return 0;
    }

    /**
     * Counters of the {@code eth*} interfaces in the network namespace of {@code pid} (/proc/pid/net/dev): moby
     * reports its endpoints' interfaces, never {@code lo}, so a {@code --network none} container has none.
     */
    public Map<String, StatsJson.NetStats> networks(int pid) {
        Map<String, StatsJson.NetStats> out = new LinkedHashMap<>();
        for (String line : lines(proc.resolve(Integer.toString(pid)).resolve("net/dev"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (!name.startsWith("eth")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 12) {
                continue;
            }
            out.put(name, new StatsJson.NetStats(l(f[0]), l(f[1]), l(f[2]), l(f[3]), l(f[8]), l(f[9]), l(f[10]),
                    l(f[11])));
        }
        return out;
    }

    private static long l(String s) {
        return Long.parseLong(s);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
