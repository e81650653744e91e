package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One element of {@code GET /images/{name}/history}, newest first. {@code Id} is {@code <missing>} for entries that
 * are not an image of their own; {@code Tags} is null for those (Go's nil slice).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageHistoryItem(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") long created,
        @JsonProperty("CreatedBy") String createdBy,
        @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Size") long size,
        @JsonProperty("Comment") String comment) {

    public static final String MISSING = "<missing>";
}
