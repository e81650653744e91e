package dev.jdock.api.types.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One build cache record of {@code /system/df}'s {@code BuildCache} (moby 28's {@code build.CacheRecord}).
 * {@code Parent} ({@code omitempty}) is the API below 1.42's, {@code Parents} from 1.42 on: moby's struct tag spells
 * its key with a leading space ({@code json:" Parents,omitempty"}), so the wire key is {@code " Parents"}, which the
 * docker CLI, built on the same struct, reads back. {@code LastUsedAt} is null when never used. Which of the two a
 * version gets is the route's choice ({@code DiskUsageVersions} in the daemon).
 */
public record BuildCache(
        @JsonProperty("ID") String id,
        @JsonProperty("Parent") @JsonInclude(JsonInclude.Include.NON_EMPTY) String parent,
        @JsonProperty(" Parents") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> parents,
        @JsonProperty("Type") String type,
        @JsonProperty("Description") String description,
        @JsonProperty("InUse") boolean inUse,
        @JsonProperty("Shared") boolean shared,
        @JsonProperty("Size") long size,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("LastUsedAt") String lastUsedAt,
        @JsonProperty("UsageCount") int usageCount) {

    /** This record as an API below 1.42 shows it: its parent in {@code Parent}, no {@code Parents}. */
    public BuildCache withParentOnly() {
        String p = parent != null && !parent.isEmpty() ? parent
                : parents == null || parents.isEmpty() ? "" : parents.get(0);
        return new BuildCache(id, p, null, type, description, inUse, shared, size, createdAt, lastUsedAt, usageCount);
    }

    /** This record as API 1.42+ shows it: the deprecated {@code Parent} emptied (omitted), the parents listed. */
    public BuildCache withParentsOnly() {
        List<String> ps = parents != null && !parents.isEmpty() ? parents
                : parent == null || parent.isEmpty() ? null : List.of(parent);
        return new BuildCache(id, null, ps, type, description, inUse, shared, size, createdAt, lastUsedAt,
                usageCount);
    }
}
