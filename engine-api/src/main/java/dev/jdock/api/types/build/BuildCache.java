package dev.jdock.api.types.build;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One build cache record of {@code /system/df}'s {@code BuildCache} (moby's {@code types.BuildCache}, API 1.41).
 * jdockd does not build, so its list is always empty; the record gives the list its element type. The shape is
 * moby 20.10's struct (no JSON tags: every field written, {@code LastUsedAt} null when never used); no reply with an
 * entry was recorded.
 */
public record BuildCache(
        @JsonProperty("ID") String id,
        @JsonProperty("Parent") String parent,
        @JsonProperty("Type") String type,
        @JsonProperty("Description") String description,
        @JsonProperty("InUse") boolean inUse,
        @JsonProperty("Shared") boolean shared,
        @JsonProperty("Size") long size,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("LastUsedAt") String lastUsedAt,
        @JsonProperty("UsageCount") int usageCount) {
}
