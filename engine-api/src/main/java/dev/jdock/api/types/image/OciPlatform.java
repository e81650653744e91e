package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An OCI platform: in {@code GET /distribution/{name}/json}'s {@code Platforms}, and the fields of an image index
 * entry or an image config that name one (unknown fields are ignored when read).
 */
public record OciPlatform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("os.version") String osVersion,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("os.features") List<String> osFeatures,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("variant") String variant) {

    public OciPlatform {
        architecture = architecture == null ? "" : architecture;
        os = os == null ? "" : os;
    }
}
