package dev.jdock.daemon.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The daemon's record of one image ({@code image/by-id/<hex>.json}); the config itself is the content blob with the
 * same digest. {@code chainIds} parallel {@code diffIds} (bottom first). {@code size} is the unpacked content size.
 * {@code lastTagTime} is null until the image is tagged through the API.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(
        @JsonProperty("id") String id,
        @JsonProperty("diffIds") List<String> diffIds,
        @JsonProperty("chainIds") List<String> chainIds,
        @JsonProperty("created") String created,
        @JsonProperty("size") long size,
        @JsonProperty("lastTagTime") String lastTagTime,
        @JsonProperty("parent") String parent) {

    public ImageRecord {
        diffIds = List.copyOf(diffIds);
        chainIds = List.copyOf(chainIds);
    }

    /** chainID of the top layer, null for an image without layers. */
    public String topChainId() {
        return chainIds.isEmpty() ? null : chainIds.get(chainIds.size() - 1);
    }

    public ImageRecord withLastTagTime(String time) {
        return new ImageRecord(id, diffIds, chainIds, created, size, time, parent);
    }
}
