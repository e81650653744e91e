package dev.jdock.daemon.cri.stats;

import dev.jdock.daemon.cri.v1.CpuUsage;
import dev.jdock.daemon.cri.v1.IoUsage;
import dev.jdock.daemon.cri.v1.MemoryUsage;
import dev.jdock.daemon.cri.v1.NetworkInterfaceUsage;
import dev.jdock.daemon.cri.v1.NetworkUsage;
import dev.jdock.daemon.cri.v1.ProcessUsage;
import dev.jdock.daemon.cri.v1.PsiData;
import dev.jdock.daemon.cri.v1.PsiStats;
import dev.jdock.daemon.cri.v1.SwapUsage;
import dev.jdock.daemon.cri.v1.UInt64Value;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupPressure;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRI's usage messages from what the daemon measures (cgroup metrics, {@code /proc/<pid>/net/dev}), computed as
 * containerd's CRI plugin computes them, so the kubelet's summary API (and its eviction manager) sees the figures it
 * would see with containerd:
 * <ul>
 * <li>CPU: the cumulative usage, and the rate in nano-cores against the previous sample of the same object
 * ({@link CpuRates}); no rate at the first sample.</li>
 * <li>Memory: working set = usage − inactive file pages (never below 0), available = limit − working set when a
 * limit is set, RSS ({@code total_rss} on v1, {@code anon} on v2) and the page faults.</li>
 * <li>Swap: the usage where the host accounts swap, available = limit − usage under a limit; PSI of CPU, memory and
 * I/O where the kernel keeps it (v2, or the unified child on a hybrid host), its totals in nanoseconds as the CRI
 * defines them (the kernel counts microseconds).</li>
 * </ul>
 */
public final class CriUsage {
    /** The interface the kubelet reports as a pod's network ({@code default_interface}), as containerd. */
    public static final String DEFAULT_INTERFACE = "eth0";

    private CriUsage() {
    }

    /** CPU usage of {@code key}'s cgroup at {@code timestampNs}; the rate needs an earlier sample in {@code rates}. */
    public static CpuUsage cpu(String key, long timestampNs, CgroupMetrics m, CpuRates rates) {
        CpuUsage.Builder b = CpuUsage.newBuilder().setTimestamp(timestampNs)
                .setUsageCoreNanoSeconds(u64(m.cpuTotalNs()));
        rates.nanoCores(key, timestampNs, m.cpuTotalNs()).ifPresent(r -> b.setUsageNanoCores(u64(r)));
        return b.build();
    }

    /** Memory usage; {@code available_bytes} only under a limit. */
    public static MemoryUsage memory(long timestampNs, CgroupMetrics m) {
        Map<String, Long> st = m.memoryStats();
        long workingSet = workingSet(m);
        MemoryUsage.Builder b = MemoryUsage.newBuilder().setTimestamp(timestampNs)
                .setWorkingSetBytes(u64(workingSet))
                .setUsageBytes(u64(m.memoryUsage()))
                .setRssBytes(u64(first(st, "total_rss", "anon")))
                .setPageFaults(u64(first(st, "total_pgfault", "pgfault")))
                .setMajorPageFaults(u64(first(st, "total_pgmajfault", "pgmajfault")));
        if (m.memoryLimit() > 0) {
            b.setAvailableBytes(u64(Math.max(0, m.memoryLimit() - workingSet)));
        }
        return b.build();
    }

    /** The CPU message with its PSI, where known. */
    public static CpuUsage cpu(CpuUsage cpu, CgroupPressure p) {
        return p.cpu().isEmpty() ? cpu : cpu.toBuilder().setPsi(psi(p.cpu().get())).build();
    }

    /** The memory message with its PSI, where known. */
    public static MemoryUsage memory(MemoryUsage memory, CgroupPressure p) {
        return p.memory().isEmpty() ? memory : memory.toBuilder().setPsi(psi(p.memory().get())).build();
    }

    /** Swap, where the host accounts it. */
    public static Optional<SwapUsage> swap(long timestampNs, CgroupPressure p) {
        if (p.swapUsage() < 0) {
            return Optional.empty();
        }
        SwapUsage.Builder b = SwapUsage.newBuilder().setTimestamp(timestampNs).setSwapUsageBytes(u64(p.swapUsage()));
        if (p.swapLimit() > 0) {
            b.setSwapAvailableBytes(u64(Math.max(0, p.swapLimit() - p.swapUsage())));
        }
        return Optional.of(b.build());
    }

    /** I/O: only its PSI, where known. */
    public static Optional<IoUsage> io(long timestampNs, CgroupPressure p) {
        return p.io().map(x -> IoUsage.newBuilder().setTimestamp(timestampNs).setPsi(psi(x)).build());
    }

    static PsiStats psi(CgroupPressure.Psi p) {
        return PsiStats.newBuilder().setSome(psi(p.some())).setFull(psi(p.full())).build();
    }

    private static PsiData psi(CgroupPressure.Data d) {
        return PsiData.newBuilder().setTotal(d.totalMicros() * 1000).setAvg10(d.avg10()).setAvg60(d.avg60())
                .setAvg300(d.avg300()).build();
    }

    /** The number of processes in the cgroup (its pids controller's count). */
    public static ProcessUsage process(long timestampNs, long count) {
        return ProcessUsage.newBuilder().setTimestamp(timestampNs).setProcessCount(u64(count)).build();
    }

    /**
     * A pod's network usage from its namespace's {@code /proc/<pid>/net/dev}: every interface but {@code lo}, and
     * {@link #DEFAULT_INTERFACE} as the default one when present.
     */
    public static NetworkUsage network(long timestampNs, List<NetDev.Counters> interfaces) {
        NetworkUsage.Builder b = NetworkUsage.newBuilder().setTimestamp(timestampNs);
        for (NetDev.Counters c : interfaces) {
            if (c.name().equals("lo")) {
                continue;
            }
            NetworkInterfaceUsage u = NetworkInterfaceUsage.newBuilder().setName(c.name())
                    .setRxBytes(u64(c.rxBytes())).setRxErrors(u64(c.rxErrors()))
                    .setTxBytes(u64(c.txBytes())).setTxErrors(u64(c.txErrors())).build();
            b.addInterfaces(u);
            if (c.name().equals(DEFAULT_INTERFACE)) {
                b.setDefaultInterface(u);
            }
        }
        return b.build();
    }

    /** Working set = usage − inactive file pages (never below 0), as containerd, CRI-O and cAdvisor. */
    static long workingSet(CgroupMetrics m) {
        return Math.max(0, m.memoryUsage() - first(m.memoryStats(), "total_inactive_file", "inactive_file"));
    }

    /** A memory.stat value by its v1 key, else its v2 key; 0 without either. */
    static long first(Map<String, Long> stats, String v1Key, String v2Key) {
        Long v = stats.get(v1Key);
        if (v == null) {
            v = stats.get(v2Key);
        }
        return v == null ? 0 : v;
    }

    static UInt64Value u64(long v) {
        return UInt64Value.newBuilder().setValue(v).build();
    }
}
