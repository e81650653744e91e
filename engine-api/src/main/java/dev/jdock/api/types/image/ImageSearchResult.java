package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code GET /images/search}, in moby's field order (registry.SearchResult). {@code is_automated} is
 * deprecated: the daemon always answers false, as dockerd 25+ does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageSearchResult(
        @JsonProperty("star_count") int starCount,
        @JsonProperty("is_official") boolean official,
        @JsonProperty("name") String name,
        @JsonProperty("is_automated") boolean automated,
        @JsonProperty("description") String description) {

    public ImageSearchResult {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
    }

    /** The same entry with {@code is_automated} false. */
    public ImageSearchResult notAutomated() {
        return new ImageSearchResult(starCount, official, name, false, description);
    }
}
