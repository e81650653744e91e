package dev.jdock.cli.reply;

import dev.jdock.api.types.container.StatsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One object of {@code GET /containers/{id}/stats} ({@link StatsJson}), as {@code stats} reads it. */
@ViewOf(StatsJson.class)
public final class StatsView extends JsonView {
    static final String ID = "id";
    static final String NAME = "name";
    static final String PIDS_STATS = "pids_stats";
    static final String BLKIO_STATS = "blkio_stats";
    static final String CPU_STATS = "cpu_stats";
    static final String PRECPU_STATS = "precpu_stats";
    static final String MEMORY_STATS = "memory_stats";
    static final String NETWORKS = "networks";

    /** The keys read inside {@code pids_stats}. */
    @ViewOf(StatsJson.PidsStats.class)
    static final class PidsKeys {
        static final String CURRENT = "current";

        private PidsKeys() {
        }
    }

    /** The keys read inside {@code blkio_stats}. */
    @ViewOf(StatsJson.BlkioStats.class)
    static final class BlkioKeys {
        static final String IO_SERVICE_BYTES_RECURSIVE = "io_service_bytes_recursive";

        private BlkioKeys() {
        }
    }

    public StatsView(Object json) {
        super(json);
    }

    public String id() {
        return str(ID);
    }

    /** The container's name with its leading {@code /}. */
    public String name() {
        return str(NAME);
    }

    /** {@code pids_stats.current} (0 when absent). */
    public long pidsCurrent() {
        return num(PidsKeys.CURRENT, obj(PIDS_STATS));
    }

    public CpuStatsView cpuStats() {
        return new CpuStatsView(obj(CPU_STATS));
    }

    public CpuStatsView precpuStats() {
        return new CpuStatsView(obj(PRECPU_STATS));
    }

    public MemoryStatsView memoryStats() {
        return new MemoryStatsView(obj(MEMORY_STATS));
    }

    /** The counters of each network interface, in the daemon's order. */
    public List<NetStatsView> networks() {
        List<NetStatsView> out = new ArrayList<>();
        for (Object n : obj(NETWORKS).values()) {
            out.add(new NetStatsView(n));
        }
        return out;
    }

    /** {@code blkio_stats.io_service_bytes_recursive}: bytes read and written per device. */
    public List<BlkioEntryView> ioServiceBytes() {
        List<BlkioEntryView> out = new ArrayList<>();
        for (Object e : elements(obj(BLKIO_STATS).get(BlkioKeys.IO_SERVICE_BYTES_RECURSIVE))) {
            out.add(new BlkioEntryView(e));
        }
        return out;
    }

    private static long num(String key, Map<String, Object> in) {
        Object v = in.get(key);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    /** {@code cpu_stats} or {@code precpu_stats} ({@link StatsJson.CpuStats}). */
    @ViewOf(StatsJson.CpuStats.class)
    public static final class CpuStatsView extends JsonView {
        static final String CPU_USAGE = "cpu_usage";
        static final String SYSTEM_CPU_USAGE = "system_cpu_usage";
        static final String ONLINE_CPUS = "online_cpus";

        /** The keys read inside {@code cpu_usage}. */
        @ViewOf(StatsJson.CpuUsage.class)
        static final class CpuUsageKeys {
            static final String TOTAL_USAGE = "total_usage";
            static final String PERCPU_USAGE = "percpu_usage";

            private CpuUsageKeys() {
            }
        }

        CpuStatsView(Object json) {
            super(json);
        }

        /** {@code cpu_usage.total_usage}: the container's CPU time in ns. */
        public double totalUsage() {
            Object v = obj(CPU_USAGE).get(CpuUsageKeys.TOTAL_USAGE);
            return v instanceof Number ? ((Number) v).doubleValue() : 0;
        }

        /** The host's CPU time in ns. */
        public double systemCpuUsage() {
            return dbl(SYSTEM_CPU_USAGE);
        }

        /** 0 when the daemon did not say. */
        public double onlineCpus() {
            return dbl(ONLINE_CPUS);
        }

        /** How many per-CPU counters {@code cpu_usage.percpu_usage} has (cgroup v1). */
        public int perCpuCount() {
            Object v = obj(CPU_USAGE).get(CpuUsageKeys.PERCPU_USAGE);
            return v instanceof List ? ((List<?>) v).size() : v instanceof Map ? ((Map<?, ?>) v).size() : 0;
        }
    }

    /** {@code memory_stats} ({@link StatsJson.MemoryStats}). */
    @ViewOf(StatsJson.MemoryStats.class)
    public static final class MemoryStatsView extends JsonView {
        static final String USAGE = "usage";
        static final String STATS = "stats";
        static final String LIMIT = "limit";

        /** Keys of the {@code stats} map: cgroup counter names, not record fields (so no {@link ViewOf}). */
        static final class CgroupCounters {
            static final String TOTAL_INACTIVE_FILE = "total_inactive_file";
            static final String INACTIVE_FILE = "inactive_file";

            private CgroupCounters() {
            }
        }

        MemoryStatsView(Object json) {
            super(json);
        }

        public double usage() {
            return dbl(USAGE);
        }

        public double limit() {
            return dbl(LIMIT);
        }

        /**
         * The inactive page cache: {@code total_inactive_file} (cgroup v1) when that key is present, else
         * {@code inactive_file} (v2); null when the chosen key is absent, null or not a number.
         */
        public Double inactiveFile() {
            Map<String, Object> stats = obj(STATS);
            Object v = stats.containsKey(CgroupCounters.TOTAL_INACTIVE_FILE)
                    ? stats.get(CgroupCounters.TOTAL_INACTIVE_FILE) : stats.get(CgroupCounters.INACTIVE_FILE);
            return v instanceof Number ? ((Number) v).doubleValue() : null;
        }
    }

    /** One interface of {@code networks} ({@link StatsJson.NetStats}). */
    @ViewOf(StatsJson.NetStats.class)
    public static final class NetStatsView extends JsonView {
        static final String RX_BYTES = "rx_bytes";
        static final String TX_BYTES = "tx_bytes";

        NetStatsView(Object json) {
            super(json);
        }

        public double rxBytes() {
            return dbl(RX_BYTES);
        }

        public double txBytes() {
            return dbl(TX_BYTES);
        }
    }

    /** One device and operation of a blkio list ({@link StatsJson.BlkioEntry}). */
    @ViewOf(StatsJson.BlkioEntry.class)
    public static final class BlkioEntryView extends JsonView {
        static final String OP = "op";
        static final String VALUE = "value";

        BlkioEntryView(Object json) {
            super(json);
        }

        /** {@code Read}, {@code Write}, ... as the kernel names them. */
        public String op() {
            return str(OP);
        }

        public double value() {
            return dbl(VALUE);
        }
    }
}
