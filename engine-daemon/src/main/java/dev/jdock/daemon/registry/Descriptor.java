package dev.jdock.daemon.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.util.List;

/**
 * An OCI content descriptor: a blob or manifest by media type, digest and size ({@code platform} only in indexes,
 * {@code urls} only on foreign layers).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Descriptor(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("size") long size,
        @JsonProperty("digest") String digest,
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("platform") Platform platform) {

    public static Descriptor of(String mediaType, long size, Digest digest) {
        return new Descriptor(mediaType, size, digest.toString(), null, null);
    }

    /** The validated digest; a malformed one is refused. */
    public Digest parsedDigest() {
        try {
            return Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid digest in manifest: " + digest);
        }
    }
}
