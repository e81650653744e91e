package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code GET /containers/{id}/stats} body (moby's {@code types.StatsJSON}, {@code container.StatsResponse}
 * since 28), field names and omissions as Docker's. jdockd writes {@code name} and {@code id} first; dockerd writes
 * them after {@code memory_stats} (see the golden README).
 */
@JsonPropertyOrder({"name", "id", "read", "preread", "pids_stats", "blkio_stats", "num_procs", "storage_stats",
        "cpu_stats", "precpu_stats", "memory_stats", "networks"})
public record StatsJson(
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("pids_stats") PidsStats pidsStats,
        @JsonProperty("blkio_stats") BlkioStats blkioStats,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("storage_stats") StorageStats storageStats,
        @JsonProperty("cpu_stats") CpuStats cpuStats,
        @JsonProperty("precpu_stats") CpuStats precpuStats,
        @JsonProperty("memory_stats") MemoryStats memoryStats,
        @JsonProperty("networks") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, NetStats> networks) {

    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** What Docker answers for a container that is not running: zeros and Go's zero time. */
    public static StatsJson zero(String name, String id) {
        return new StatsJson(name, id, ZERO_TIME, ZERO_TIME, new PidsStats(null, null), BlkioStats.EMPTY, 0,
                StorageStats.NONE, CpuStats.ZERO, CpuStats.ZERO, new MemoryStats(null, null, null, null, null), null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PidsStats(@JsonProperty("current") Long current, @JsonProperty("limit") Long limit) {}

    /**
     * The block I/O lists: on cgroup v1 the two the kernel fills without CFQ and the other six empty ({@code []}),
     * on v2 the bytes alone and null where nothing was read or written, as moby's statsV1 and statsV2 give them.
     */
    public record BlkioStats(
            @JsonProperty("io_service_bytes_recursive") List<BlkioEntry> ioServiceBytesRecursive,
            @JsonProperty("io_serviced_recursive") List<BlkioEntry> ioServicedRecursive,
            @JsonProperty("io_queue_recursive") List<BlkioEntry> ioQueueRecursive,
            @JsonProperty("io_service_time_recursive") List<BlkioEntry> ioServiceTimeRecursive,
            @JsonProperty("io_wait_time_recursive") List<BlkioEntry> ioWaitTimeRecursive,
            @JsonProperty("io_merged_recursive") List<BlkioEntry> ioMergedRecursive,
            @JsonProperty("io_time_recursive") List<BlkioEntry> ioTimeRecursive,
            @JsonProperty("sectors_recursive") List<BlkioEntry> sectorsRecursive) {
        public static final BlkioStats EMPTY = new BlkioStats(null, null, null, null, null, null, null, null);

        /** cgroup v1: the bytes and the operations; the other lists, which only CFQ kept, empty. */
        public static BlkioStats v1(List<BlkioEntry> bytes, List<BlkioEntry> ios) {
            return new BlkioStats(bytes, ios, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }

        /** cgroup v2: {@code io.stat}'s bytes read and written (null when none), every other list null. */
        public static BlkioStats v2(List<BlkioEntry> bytes) {
            return new BlkioStats(bytes.isEmpty() ? null : bytes, null, null, null, null, null, null, null);
        }
    }

    /**
     * Windows-only storage counters (all omitempty): always {@code {}} on Linux.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StorageStats(
            @JsonProperty("read_count_normalized") Long readCountNormalized,
            @JsonProperty("read_size_bytes") Long readSizeBytes,
            @JsonProperty("write_count_normalized") Long writeCountNormalized,
            @JsonProperty("write_size_bytes") Long writeSizeBytes) {
        public static final StorageStats NONE = new StorageStats(null, null, null, null);
    }

    public record BlkioEntry(@JsonProperty("major") long major, @JsonProperty("minor") long minor,
            @JsonProperty("op") String op, @JsonProperty("value") long value) {}

    @JsonPropertyOrder({"cpu_usage", "system_cpu_usage", "online_cpus", "throttling_data"})
    public record CpuStats(
            @JsonProperty("cpu_usage") CpuUsage cpuUsage,
            @JsonProperty("system_cpu_usage") @JsonInclude(JsonInclude.Include.NON_NULL) Long systemCpuUsage,
            @JsonProperty("online_cpus") @JsonInclude(JsonInclude.Include.NON_NULL) Integer onlineCpus,
            @JsonProperty("throttling_data") Throttling throttlingData) {
        public static final CpuStats ZERO = new CpuStats(new CpuUsage(0, null, 0, 0), null, null,
                new Throttling(0, 0, 0));
    }

    @JsonPropertyOrder({"total_usage", "percpu_usage", "usage_in_kernelmode", "usage_in_usermode"})
    public record CpuUsage(
            @JsonProperty("total_usage") long totalUsage,
            @JsonProperty("percpu_usage") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> percpuUsage,
            @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
            @JsonProperty("usage_in_usermode") long usageInUsermode) {}

    public record Throttling(@JsonProperty("periods") long periods,
            @JsonProperty("throttled_periods") long throttledPeriods,
            @JsonProperty("throttled_time") long throttledTime) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"usage", "max_usage", "stats", "failcnt", "limit"})
    public record MemoryStats(
            @JsonProperty("usage") Long usage,
            @JsonProperty("max_usage") Long maxUsage,
            @JsonProperty("stats") Map<String, Long> stats,
            @JsonProperty("failcnt") Long failcnt,
            @JsonProperty("limit") Long limit) {}

    public record NetStats(
            @JsonProperty("rx_bytes") long rxBytes,
            @JsonProperty("rx_packets") long rxPackets,
            @JsonProperty("rx_errors") long rxErrors,
            @JsonProperty("rx_dropped") long rxDropped,
            @JsonProperty("tx_bytes") long txBytes,
            @JsonProperty("tx_packets") long txPackets,
            @JsonProperty("tx_errors") long txErrors,
            @JsonProperty("tx_dropped") long txDropped) {}
}
