package dev.jdock.api.types.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A volume on the wire: {@code GET /volumes/{name}}, {@code POST /volumes/create}, the entries of {@code GET /volumes}
 * and of {@code /system/df}'s {@code Volumes} (only these carry {@code UsageData}). Docker's omitempty
 * {@code Status} and {@code ClusterVolume} are never set by jdockd and left out.
 *
 * <p>{@code Labels} and {@code Options} are written as given: {@code null} for a volume made without them (by
 * {@code run -v}), {@code {}} for empty ones, as Docker does.
 */
public record Volume(
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("UsageData") UsageData usageData) {

    /** The only scope a jdockd volume has. */
    public static final String LOCAL_SCOPE = "local";
}
