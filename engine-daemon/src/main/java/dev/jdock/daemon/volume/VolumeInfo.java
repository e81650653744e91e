package dev.jdock.daemon.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** A volume on the wire ({@code GET /volumes}, {@code GET /volumes/{name}}, {@code /system/df}). */
@JsonPropertyOrder({"CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope", "UsageData"})
public record VolumeInfo(
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("UsageData") Usage usageData) {

    /** Size in bytes (-1: not computed) and the number of containers referencing the volume. */
    public record Usage(@JsonProperty("Size") long size, @JsonProperty("RefCount") long refCount) {
    }

    static VolumeInfo of(Volume v, String mountpoint, Usage usage) {
        return new VolumeInfo(v.createdAt(), v.driver(), v.labels(), mountpoint, v.name(), v.options(), "local",
                usage);
    }
}
