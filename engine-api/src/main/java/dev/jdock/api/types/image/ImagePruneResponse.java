package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /images/prune}: {@code ImagesDeleted} is null when nothing was removed (as Docker's nil slice). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagePruneResponse(
        @JsonProperty("ImagesDeleted") List<ImageDeleteResponseItem> imagesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
