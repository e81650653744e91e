package dev.jdock.daemon.stats;

import dev.jdock.api.types.container.StatsJson;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Turns cgroup metrics and host counters into one Docker stats sample, chaining the previous one as "pre". */
public final class StatsSampler {
    private final HostInfo host;
    private final boolean unified;

    /**
     * @param unified whether containers' cgroups are cgroup v2 ones, which changes the blkio lists' shape as in
     *                moby's statsV1 and statsV2
     */
    public StatsSampler(HostInfo host, boolean unified) {
        this.host = host;
        this.unified = unified;
    }

    /**
     * A sample of a running container.
     *
     * @param name with Docker's leading slash
     * @param previous the sample taken before (its CPU becomes precpu_stats), or null
     */
    public StatsJson sample(String name, String id, int pid, CgroupMetrics m, Instant now, StatsJson previous) {
        StatsJson.CpuStats cpu = new StatsJson.CpuStats(
                new StatsJson.CpuUsage(m.cpuTotalNs(), m.perCpuNs(), m.cpuKernelNs(), m.cpuUserNs()),
                host.systemCpuNs(), host.onlineCpus(),
                new StatsJson.Throttling(m.throttlePeriods(), m.throttledPeriods(), m.throttledTimeNs()));
        long limit = m.memoryLimit() > 0 ? m.memoryLimit() : host.memTotal();
        StatsJson.MemoryStats mem = new StatsJson.MemoryStats(m.memoryUsage(),
                m.memoryMaxUsage() > 0 ? m.memoryMaxUsage() : null, Map.copyOf(m.memoryStats()),
                m.memoryFailcnt() > 0 ? m.memoryFailcnt() : null, limit);
        StatsJson.PidsStats pids = new StatsJson.PidsStats(m.pidsCurrent(),
                m.pidsLimit() > 0 && m.pidsLimit() != Long.MAX_VALUE ? m.pidsLimit() : null);
        StatsJson.BlkioStats blkio = unified
                ? StatsJson.BlkioStats.v2(blkio(m.ioServiceBytes()))
                : StatsJson.BlkioStats.v1(blkio(m.ioServiceBytes()), blkio(m.ioServiced()));
        return new StatsJson(name, id, now.toString(), previous == null ? StatsJson.ZERO_TIME : previous.read(),
                pids, blkio, 0, StatsJson.StorageStats.NONE, cpu, previous == null ? StatsJson.CpuStats.ZERO : previous.cpuStats(),
                mem, pid > 0 ? host.networks(pid) : null);
    }

    private static List<StatsJson.BlkioEntry> blkio(List<CgroupMetrics.BlkioEntry> in) {
        return in.stream().map(e -> new StatsJson.BlkioEntry(e.major(), e.minor(), e.op(), e.value())).toList();
    }

    /** The docker CLI's CPU %: container CPU delta over system CPU delta, times online CPUs, times 100. */
    public static double cpuPercent(StatsJson s) {
        StatsJson.CpuStats cur = s.cpuStats();
        StatsJson.CpuStats pre = s.precpuStats();
        double cpuDelta = cur.cpuUsage().totalUsage() - pre.cpuUsage().totalUsage();
        long sys = cur.systemCpuUsage() == null ? 0 : cur.systemCpuUsage();
        long preSys = pre.systemCpuUsage() == null ? 0 : pre.systemCpuUsage();
        double systemDelta = sys - preSys;
        int cpus = cur.onlineCpus() == null || cur.onlineCpus() == 0
                ? (cur.cpuUsage().percpuUsage() == null ? 0 : cur.cpuUsage().percpuUsage().size())
                : cur.onlineCpus();
        if (systemDelta > 0 && cpuDelta > 0) {
            return cpuDelta / systemDelta * cpus * 100.0;
        }
        return 0;
    }
}
