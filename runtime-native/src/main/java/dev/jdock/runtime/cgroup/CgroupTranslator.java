package dev.jdock.runtime.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pure translation of {@link Resources} to cgroup interface files (file name → value), in write order.
 * Only fields that are set produce entries, so the result works for both create and update.
 */
public final class CgroupTranslator {
    private CgroupTranslator() {}

    /**
     * v1: controller → (file → value). {@code swapAccounting} says whether memory.memsw.limit_in_bytes exists
     * (swap accounting may be disabled on the kernel command line).
     */
    public static Map<String, Map<String, String>> v1(Resources r, boolean swapAccounting) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> memory = new LinkedHashMap<>();
        if (r.memory() > 0) {
            memory.put("memory.limit_in_bytes", Long.toString(r.memory()));
            long swap = r.effectiveMemorySwap();
            if (swapAccounting && swap != 0) {
                memory.put("memory.memsw.limit_in_bytes", Long.toString(swap));
            }
        }
        if (r.memoryReservation() > 0) {
            memory.put("memory.soft_limit_in_bytes", Long.toString(r.memoryReservation()));
        }
        putIfAny(out, "memory", memory);
        Map<String, String> cpu = new LinkedHashMap<>();
        if (r.cpuShares() > 0) {
            cpu.put("cpu.shares", Long.toString(r.cpuShares()));
        }
        if (r.nanoCpus() > 0 || r.cpuPeriod() > 0) {
            cpu.put("cpu.cfs_period_us", Long.toString(r.effectiveCpuPeriod()));
        }
        if (r.effectiveCpuQuota() != 0) {
            cpu.put("cpu.cfs_quota_us", Long.toString(r.effectiveCpuQuota()));
        }
        putIfAny(out, "cpu", cpu);
        putIfAny(out, "cpuset", cpuset(r));
        putIfAny(out, "pids", Map.of("pids.max", pidsMax(r)));
        if (r.blkioWeight() > 0) {
            out.put("blkio", Map.of("blkio.weight", Integer.toString(r.blkioWeight())));
        }
        return out;
    }

    /** v2: file → value, all in the container's one cgroup directory. */
    public static Map<String, String> v2(Resources r) {
        Map<String, String> out = new LinkedHashMap<>();
        if (r.memory() > 0) {
            out.put("memory.max", Long.toString(r.memory()));
            long total = r.effectiveMemorySwap();
            if (total == -1) {
                out.put("memory.swap.max", "max");
            } else if (total > 0) {
                out.put("memory.swap.max", Long.toString(Math.max(0, total - r.memory())));
            }
        }
        if (r.memoryReservation() > 0) {
            out.put("memory.low", Long.toString(r.memoryReservation()));
        }
        if (r.cpuShares() > 0) {
            out.put("cpu.weight", Long.toString(sharesToWeight(r.cpuShares())));
        }
        long quota = r.effectiveCpuQuota();
        if (quota != 0 || r.cpuPeriod() > 0) {
            out.put("cpu.max", (quota > 0 ? Long.toString(quota) : "max") + " " + r.effectiveCpuPeriod());
        }
        out.putAll(cpuset(r));
        out.put("pids.max", pidsMax(r));
        if (r.blkioWeight() > 0) {
            out.put("io.weight", "default " + blkioToIoWeight(r.blkioWeight()));
        }
        return out;
    }

    private static Map<String, String> cpuset(Resources r) {
        Map<String, String> m = new LinkedHashMap<>();
        if (r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) {
            m.put("cpuset.cpus", r.cpusetCpus());
        }
        if (r.cpusetMems() != null && !r.cpusetMems().isEmpty()) {
            m.put("cpuset.mems", r.cpusetMems());
        }
        return m;
    }

    /** pids.max value: the limit, or {@code max} for 0/-1 (unlimited). */
    static String pidsMax(Resources r) {
        return r.pidsLimit() > 0 ? Long.toString(r.pidsLimit()) : "max";
    }

    /** runc's ConvertCPUSharesToCgroupV2Value: [2..262144] → [1..10000]. */
    public static long sharesToWeight(long shares) {
        return shares == 0 ? 0 : 1 + ((shares - 2) * 9999) / 262142;
    }

    /** runc's ConvertBlkIOToIOWeightValue: [10..1000] → [1..10000]. */
    public static long blkioToIoWeight(int weight) {
        return weight == 0 ? 0 : 1 + ((long) weight - 10) * 9999 / 990;
    }

    private static void putIfAny(Map<String, Map<String, String>> out, String controller, Map<String, String> files) {
        if (!files.isEmpty()) {
            out.put(controller, files);
        }
    }
}
