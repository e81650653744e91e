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
 */
public record CgroupPressure(long swapUsage, long swapLimit, Optional<Psi> cpu, Optional<Psi> memory,
        Optional<Psi> io, long oomKills, List<Hugetlb> hugetlb) {
    public static final CgroupPressure NONE = new CgroupPressure(-1, 0, Optional.empty(), Optional.empty(),
            Optional.empty(), -1);

    public CgroupPressure {
        hugetlb = List.copyOf(hugetlb);
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
