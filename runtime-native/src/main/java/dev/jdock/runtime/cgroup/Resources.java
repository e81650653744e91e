package dev.jdock.runtime.cgroup;

/**
 * Container resource limits in Docker's HostConfig units.
 *
 * @param memory            bytes; 0 = unlimited
 * @param memorySwap        memory+swap total in bytes; -1 = unlimited swap, 0 = unset (Docker then allows swap equal
 *                          to memory, i.e. a total of 2×memory)
 * @param memoryReservation soft limit in bytes; 0 = unset
 * @param cpuShares         relative weight (v1 cpu.shares); 0 = unset
 * @param nanoCpus          CPUs × 1e9 ({@code --cpus}); 0 = unset
 * @param cpuQuota          µs per period; 0 = unset, -1 = unlimited
 * @param cpuPeriod         µs; 0 = unset (100000)
 * @param cpusetCpus        e.g. {@code 0-1}; null or empty = unset
 * @param cpusetMems        e.g. {@code 0}; null or empty = unset
 * @param pidsLimit         &gt; 0 = limit; 0 or -1 = unlimited
 * @param blkioWeight       10..1000; 0 = unset
 */
public record Resources(long memory, long memorySwap, long memoryReservation, long cpuShares, long nanoCpus,
                        long cpuQuota, long cpuPeriod, String cpusetCpus, String cpusetMems, long pidsLimit,
                        int blkioWeight) {

    /** Docker's linuxMinMemory. */
    public static final long MIN_MEMORY = 6 * 1024 * 1024;
    public static final long DEFAULT_CPU_PERIOD = 100_000;

    public static final Resources NONE = new Resources(0, 0, 0, 0, 0, 0, 0, null, null, 0, 0);

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates like moby's verifyPlatformContainerResources, with its exact messages.
     *
     * @param hostCpus number of CPUs (for the --cpus range check)
     * @param update   true for {@code docker update} (memory may then be left unset while swap is given)
     * @throws IllegalArgumentException with Docker's message
     */
    public Resources validate(int hostCpus, boolean update) {
        return validate(() -> hostCpus, update);
    }

    /**
     * As {@link #validate(int, boolean)}, asking for the host's CPUs only when a CPU count is set
     * ({@code Runtime.availableProcessors()} reads the cgroup quota files on every call).
     */
    public Resources validate(java.util.function.IntSupplier hostCpusIfNeeded, boolean update) {
        int hostCpus = nanoCpus == 0 ? 0 : hostCpusIfNeeded.getAsInt();
        check(memory == 0 || memory >= MIN_MEMORY, "Minimum memory limit allowed is 6MB");
        check(!(memory > 0 && memorySwap > 0 && memorySwap < memory),
                "Minimum memoryswap limit should be larger than memory limit, see usage");
        check(update || !(memory == 0 && memorySwap > 0),
                "You should always set the Memory limit when using Memoryswap limit, see usage");
        check(!(memoryReservation > 0 && memoryReservation < MIN_MEMORY), "Minimum memory reservation allowed is 6MB");
        check(!(memory > 0 && memoryReservation > 0 && memory < memoryReservation),
                "Minimum memory limit can not be less than memory reservation limit, see usage");
        check(!(nanoCpus > 0 && cpuPeriod > 0), "Conflicting options: Nano CPUs and CPU Period cannot both be set");
        check(!(nanoCpus > 0 && cpuQuota > 0), "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        if (!(nanoCpus == 0 || (nanoCpus > 0 && nanoCpus <= hostCpus * 1_000_000_000L))) {
            throw new IllegalArgumentException(String.format(
                    "range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", hostCpus, hostCpus));
        }
        check(cpuPeriod == 0 || (cpuPeriod >= 1000 && cpuPeriod <= 1_000_000),
                "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        check(!(cpuQuota > 0 && cpuQuota < 1000), "CPU cfs quota can not be less than 1ms (i.e. 1000)");
        check(blkioWeight == 0 || (blkioWeight >= 10 && blkioWeight <= 1000), "Range of blkio weight is from 10 to 1000");
        return this;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** memory+swap after Docker's default (unset with a memory limit → 2×memory); -1 = unlimited; 0 = none. */
    public long effectiveMemorySwap() {
        if (memory > 0 && memorySwap == 0) {
            return memory > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : memory * 2; // no overflow to a negative limit
        }
        return memorySwap;
    }

    /** The CFS quota to apply (from nanoCpus or cpuQuota); 0 = leave unset. */
    public long effectiveCpuQuota() {
        return nanoCpus > 0 ? nanoCpus * effectiveCpuPeriod() / 1_000_000_000L : cpuQuota;
    }

    public long effectiveCpuPeriod() {
        return cpuPeriod > 0 ? cpuPeriod : DEFAULT_CPU_PERIOD;
    }

    /** Builder with every field unset. */
    public static final class Builder {
        private long memory;
        private long memorySwap;
        private long memoryReservation;
        private long cpuShares;
        private long nanoCpus;
        private long cpuQuota;
        private long cpuPeriod;
        private String cpusetCpus;
        private String cpusetMems;
        private long pidsLimit;
        private int blkioWeight;

        public Builder memory(long v) { memory = v; return this; }
        public Builder memorySwap(long v) { memorySwap = v; return this; }
        public Builder memoryReservation(long v) { memoryReservation = v; return this; }
        public Builder cpuShares(long v) { cpuShares = v; return this; }
        public Builder nanoCpus(long v) { nanoCpus = v; return this; }
        public Builder cpuQuota(long v) { cpuQuota = v; return this; }
        public Builder cpuPeriod(long v) { cpuPeriod = v; return this; }
        public Builder cpusetCpus(String v) { cpusetCpus = v; return this; }
        public Builder cpusetMems(String v) { cpusetMems = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder blkioWeight(int v) { blkioWeight = v; return this; }

        public Resources build() {
            return new Resources(memory, memorySwap, memoryReservation, cpuShares, nanoCpus, cpuQuota, cpuPeriod,
                    cpusetCpus, cpusetMems, pidsLimit, blkioWeight);
        }
    }
}
