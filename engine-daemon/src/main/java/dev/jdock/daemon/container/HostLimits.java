package dev.jdock.daemon.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The daemon's own hard rlimits and oom_score_adj: containers never get more than the host gave us. */
public record HostLimits(Map<String, Long> hardLimits, int oomScoreAdj) {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("Max cpu time", "RLIMIT_CPU"), Map.entry("Max file size", "RLIMIT_FSIZE"),
            Map.entry("Max data size", "RLIMIT_DATA"), Map.entry("Max stack size", "RLIMIT_STACK"),
            Map.entry("Max core file size", "RLIMIT_CORE"), Map.entry("Max resident set", "RLIMIT_RSS"),
            Map.entry("Max processes", "RLIMIT_NPROC"), Map.entry("Max open files", "RLIMIT_NOFILE"),
            Map.entry("Max locked memory", "RLIMIT_MEMLOCK"), Map.entry("Max address space", "RLIMIT_AS"),
            Map.entry("Max file locks", "RLIMIT_LOCKS"), Map.entry("Max pending signals", "RLIMIT_SIGPENDING"),
            Map.entry("Max msgqueue size", "RLIMIT_MSGQUEUE"), Map.entry("Max nice priority", "RLIMIT_NICE"),
            Map.entry("Max realtime priority", "RLIMIT_RTPRIO"), Map.entry("Max realtime timeout", "RLIMIT_RTTIME"));

    long hard(String type) {
        return hardLimits.getOrDefault(type, -1L);
    }

    static HostLimits read() {
        return parse(readOr(Path.of("/proc/self/limits")), readOr(Path.of("/proc/self/oom_score_adj")));
    }

    static HostLimits parse(String limits, String oomScoreAdj) {
        Map<String, Long> hard = new HashMap<>();
        for (String line : limits.split("\n")) {
            for (Map.Entry<String, String> e : NAMES.entrySet()) {
                if (line.startsWith(e.getKey() + " ")) {
                    String[] f = line.substring(e.getKey().length()).trim().split("\\s+");
                    if (f.length >= 2) {
                        hard.put(e.getValue(), f[1].equals("unlimited") ? -1L : Long.parseLong(f[1]));
                    }
                }
            }
        }
        int oom = 0;
        try {
            oom = Integer.parseInt(oomScoreAdj.trim());
        } catch (NumberFormatException e) {
            // keep 0
        }
        return new HostLimits(Map.copyOf(hard), oom);
    }

    private static String readOr(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
