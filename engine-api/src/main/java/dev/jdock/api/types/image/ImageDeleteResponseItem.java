package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One element of {@code DELETE /images/{name}}: either Untagged or Deleted is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageDeleteResponseItem(@JsonProperty("Untagged") String untagged,
        @JsonProperty("Deleted") String deleted) {

    public static ImageDeleteResponseItem untagged(String ref) {
        return new ImageDeleteResponseItem(ref, null);
    }

    public static ImageDeleteResponseItem deleted(String id) {
        return new ImageDeleteResponseItem(null, id);
    }
}
