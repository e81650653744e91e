package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An image configuration blob (OCI image-spec {@code config.json}, with Docker's extra fields). Its sha256 is the
 * image ID. {@code created} stays a string (RFC 3339 with nanoseconds). {@code container} and
 * {@code container_config}: the container a commit was made from and its configuration (Docker's legacy fields;
 * kept as JSON: images from registries carry any old shape of it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciImageConfig(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("author") String author,
        @JsonProperty("comment") String comment,
        @JsonProperty("config") ImageContainerConfig config,
        @JsonProperty("created") String created,
        @JsonProperty("docker_version") String dockerVersion,
        @JsonProperty("history") List<History> history,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("parent") String parent,
        @JsonProperty("rootfs") RootFs rootfs,
        @JsonProperty("variant") String variant,
        @JsonProperty("container") String container,
        @JsonProperty("container_config") JsonNode containerConfig) {

    /** {@code rootfs}: type "layers" and the diffIDs bottom-first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<String> diffIds) {
    }

    /** One {@code history} entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record History(
            @JsonProperty("created") String created,
            @JsonProperty("created_by") String createdBy,
            @JsonProperty("author") String author,
            @JsonProperty("comment") String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {
    }

    public List<String> diffIds() {
        return rootfs == null || rootfs.diffIds() == null ? List.of() : rootfs.diffIds();
    }
}
