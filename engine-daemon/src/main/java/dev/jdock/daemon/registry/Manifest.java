package dev.jdock.daemon.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.util.List;

/**
 * A parsed manifest document: either an image manifest ({@code config} + {@code layers}) or an index / manifest list
 * ({@code manifests}). Kept next to the exact bytes it came from, since the digest is over those bytes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("config") Descriptor config,
        @JsonProperty("layers") List<Descriptor> layers,
        @JsonProperty("manifests") List<Descriptor> manifests) {

    /** A fetched manifest: its verified digest, its media type and raw bytes, and the parsed document. */
    public record Fetched(Digest digest, String mediaType, byte[] bytes, Manifest doc) {
        public boolean isIndex() {
            return MediaTypes.isIndex(mediaType);
        }
    }

    /** Parses manifest bytes; {@code headerType} (Content-Type) is used when the document names no media type. */
    static Manifest parse(byte[] bytes, String headerType) {
        Manifest m;
        try {
            m = Json.mapper().readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw EngineException.invalid("invalid manifest: " + e.getMessage());
        }
        String type = m.mediaType();
        if (type == null || type.isEmpty()) {
            type = m.manifests() != null ? MediaTypes.OCI_INDEX
                    : headerType != null && MediaTypes.isManifest(headerType) ? headerType : MediaTypes.OCI_MANIFEST;
        }
        if (m.schemaVersion() != 2) {
            throw EngineException.invalid(
                    "unsupported manifest schema version " + m.schemaVersion()
                            + " (Docker Image manifest version 2, schema 1 is not supported)");
        }
        return new Manifest(m.schemaVersion(), type, m.config(), m.layers(), m.manifests());
    }

    /** The image manifest serialized as jdock pushes it. */
    public byte[] toBytes() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
