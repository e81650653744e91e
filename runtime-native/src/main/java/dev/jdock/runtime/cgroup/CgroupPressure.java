package dev.jdock.runtime.cgroup;

import java.util.List;
import java.util.Optional;

/**
 * What the CRI reports beyond {@link CgroupMetrics}, read only when it asks (the Docker stats stream does not pay for
 * it): swap, the kernel's pressure stall information (PSI) and the OOM kills.
 *
 * @param swapUsage bytes of swap in use, or -1 where the host does not account swap (v1 without
 *                  {@code memory.memsw.*})
 * @param swapLimit the swap limit in bytes, or 0 when unlimited (v1: the memory+swap limit less the memory limit)
 * @param cpu       {@code cpu.pressure}, where the kernel keeps PSI (v2; the unified child on a hybrid host)
 * @param memory    {@code memory.pressure}
 * @param io        {@code io.pressure}
 * @param oomKills  processes the OOM killer killed in the cgroup ({@code oom_kill} of v2's {@code memory.events},
 *                  of v1's {@code memory.oom_control} since Linux 4.13), or -1 where the kernel does not count them
 * @param hugetlb   the hugetlb controller's figures by page size, where the cgroup has its files (v2; the v1
 *                  containers are not placed in a hugetlb hierarchy); empty elsewhere
 * @param kernelUsage bytes of kernel memory charged to the cgroup (v1 {@code memory.kmem.usage_in_bytes}), or -1
 *                  where the cgroup has no such file (v2: its {@code memory.stat} has a {@code kernel} key instead)
 * @param spec      the cgroup's CPU and memory settings, as cAdvisor reads them for its {@code container_spec_*}
 */
public record CgroupPressure(long swapUsage, long swapLimit, Optional<Psi> cpu, Optional<Psi> memory,
        Optional<Psi> io, long oomKills, List<Hugetlb> hugetlb, long kernelUsage, Spec spec) {
    public static final CgroupPressure NONE = new CgroupPressure(-1, 0, Optional.empty(), Optional.empty(),
            Optional.empty(), -1);

    public CgroupPressure {
        hugetlb = List.copyOf(hugetlb);
    }

    /** Without kernel memory figures or settings. */
    public CgroupPressure(long swapUsage, long swapLimit, Optional<Psi> cpu, Optional<Psi> memory, Optional<Psi> io,
            long oomKills, List<Hugetlb> hugetlb) {
        this(swapUsage, swapLimit, cpu, memory, io, oomKills, hugetlb, -1, Spec.NONE);
    }

    /** Without hugetlb figures. */
    public CgroupPressure(long swapUsage, long swapLimit, Optional<Psi> cpu, Optional<Psi> memory, Optional<Psi> io,
            long oomKills) {
        this(swapUsage, swapLimit, cpu, memory, io, oomKills, List.of());
    }

    /**
     * One huge page size's usage, as runc reads it for cAdvisor.
     *
     * @param pageSize runc's name of the size ({@code 2MB}, {@code 1GB}), as cAdvisor labels it
     * @param usage    bytes in use ({@code hugetlb.<size>.rsvd.current} where the kernel has reservations
     *                 accounting, else {@code hugetlb.<size>.current})
     * @param maxUsage the peak in bytes, or -1 where the kernel does not keep one (v2)
     * @param failcnt  allocations refused at the limit (the {@code max} line of {@code hugetlb.<size>.events})
     */
    public record Hugetlb(String pageSize, long usage, long maxUsage, long failcnt) {
    }

    /**
     * A cgroup's settings as cAdvisor reads them (-1 where the cgroup has no such file: not told, left out).
     *
     * @param cpuPeriod         the CFS period in µs (v1 {@code cpu.cfs_period_us}, v2 the second field of
     *                          {@code cpu.max})
     * @param cpuQuota          the CFS quota in µs, or -1 when none is set (v1 -1, v2 {@code max})
     * @param cpuShares         v1 {@code cpu.shares}; v2 {@code cpu.weight} back in shares, as cAdvisor converts it
     *                          ({@link #sharesOfWeight})
     * @param memoryLimit       the memory limit in bytes, 0 when unlimited (v1 {@code memory.limit_in_bytes}, v2
     *                          {@code memory.max})
     * @param memoryReservation 0 when unlimited (v1 {@code memory.soft_limit_in_bytes}, v2 {@code memory.min})
     * @param memorySwapLimit   0 when unlimited: v1 {@code memory.memsw.limit_in_bytes} (memory and swap together), v2
     *                          {@code memory.swap.max} (swap alone), each as cAdvisor reads it
     */
    public record Spec(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimit, long memoryReservation,
            long memorySwapLimit) {
        public static final Spec NONE = new Spec(-1, -1, -1, -1, -1, -1);

        /** At or above this, a memory figure is cAdvisor's "unlimited" (v1's is 2^63 less a page): 0. */
        static final long UNLIMITED = 1L << 62;

        /** A memory setting as cAdvisor serves it: 0 for unlimited. */
        static long memory(long bytes) {
            return bytes >= UNLIMITED ? 0 : bytes;
        }

        /**
         * cgroup v2's {@code cpu.weight} (1 to 10000) as v1 shares (2 to 262144), as cAdvisor converts it back (the
         * inverse of runc's shares-to-weight mapping, KEP-2254); -1 outside that range.
         */
        public static long sharesOfWeight(long weight) {
            return weight < 1 || weight > 10_000 ? -1 : 2 + (weight - 1) * 262_142 / 9_999;
        }
    }

    /** One resource's PSI: {@code some} (at least one task stalled) and {@code full} (all of them). */
    public record Psi(Data some, Data full) {
    }

    /**
     * One line of a {@code *.pressure} file.
     *
     * @param totalMicros the total stall time, in microseconds as the kernel counts it
     * @param avg10       percent of the last 10 s
     */
    public record Data(long totalMicros, double avg10, double avg60, double avg300) {
        public static final Data ZERO = new Data(0, 0, 0, 0);
    }
}
