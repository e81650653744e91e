package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.RestartPolicy;

/** The body of {@code POST /containers/{id}/update} (moby's container.UpdateConfig); zero means "unchanged". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerUpdateRequest(
        @JsonProperty("Memory") long memory,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {
}
