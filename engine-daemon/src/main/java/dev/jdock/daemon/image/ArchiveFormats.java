package dev.jdock.daemon.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The file formats of image archives: docker-archive's manifest.json and the OCI image layout. */
final class ArchiveFormats {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";
    static final String ANNOTATION_CONTAINERD_NAME = "io.containerd.image.name";

    private ArchiveFormats() {
    }

    /** One element of docker-archive's {@code manifest.json}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ArchiveManifestEntry(@JsonProperty("Config") String config,
            @JsonProperty("RepoTags") List<String> repoTags,
            @JsonProperty("Layers") List<String> layers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Platform(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
            @JsonProperty("size") long size, @JsonProperty("annotations") Map<String, String> annotations,
            @JsonProperty("platform") Platform platform) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Index(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
            @JsonProperty("manifests") List<Descriptor> manifests) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Manifest(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("mediaType") String mediaType,
            @JsonProperty("config") Descriptor config, @JsonProperty("layers") List<Descriptor> layers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OciLayout(@JsonProperty("imageLayoutVersion") String imageLayoutVersion) {
    }
}
