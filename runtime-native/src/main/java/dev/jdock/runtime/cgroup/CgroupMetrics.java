package dev.jdock.runtime.cgroup;

import java.util.List;
import java.util.Map;

/**
 * A container's resource usage as its cgroups report it, in Docker's units (nanoseconds, bytes), for
 * {@code GET /containers/{id}/stats}. Values the host does not provide are 0 (or empty).
 *
 * @param cpuTotalNs cumulative CPU time
 * @param perCpuNs per-CPU cumulative time (cgroup v1 only; empty on v2)
 * @param memoryStats the memory.stat file as key → value (v1 and v2 keys differ, as in Docker's output)
 * @param memoryLimit the limit, or 0 when unlimited
 */
public record CgroupMetrics(
        long cpuTotalNs,
        List<Long> perCpuNs,
        long cpuUserNs,
        long cpuKernelNs,
        long throttlePeriods,
        long throttledPeriods,
        long throttledTimeNs,
        long memoryUsage,
        long memoryMaxUsage,
        long memoryLimit,
        long memoryFailcnt,
        Map<String, Long> memoryStats,
        long pidsCurrent,
        long pidsLimit,
        List<BlkioEntry> ioServiceBytes,
        List<BlkioEntry> ioServiced) {

    /** One blkio line: device, operation ("Read", "Write", ...; lower case on v2 as Docker) and value. */
    public record BlkioEntry(long major, long minor, String op, long value) {}

    public static final CgroupMetrics EMPTY = new CgroupMetrics(0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(),
            0, 0, List.of(), List.of());
}
