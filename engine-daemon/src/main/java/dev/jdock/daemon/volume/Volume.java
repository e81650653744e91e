package dev.jdock.daemon.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A volume as stored in {@code <data-root>/volumes/<name>/volume.json}.
 *
 * @param labels as the request gave them: null (a volume made by {@code run -v}) prints as {@code null}, an empty
 *     map (from {@code volume create}) as {@code {}}, as Docker does
 * @param options the driver options ({@code type}, {@code device}, {@code o}), null or empty as given
 */
public record Volume(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Options") Map<String, String> options) {

    /** The label Docker (≥ 23) puts on anonymous volumes; prune without {@code all=true} removes only those. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    public Volume {
        labels = labels == null ? null : Map.copyOf(labels);
        options = options == null ? null : Map.copyOf(options);
    }

    public boolean anonymous() {
        return labels != null && labels.containsKey(ANONYMOUS_LABEL);
    }

    public Map<String, String> labelsOrEmpty() {
        return labels == null ? Map.of() : labels;
    }

    public Map<String, String> optionsOrEmpty() {
        return options == null ? Map.of() : options;
    }
}
