package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /containers/{id}/update} (moby's container.UpdateConfig: its resources and
 * {@code RestartPolicy}); zero, null or empty means "unchanged". Read with {@code Json.requestMapper()}: field names
 * match case-insensitively as in Go, unknown fields (e.g. {@code KernelMemory}) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerUpdateRequest(
        @JsonProperty("Memory") long memory,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {
}
