package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.ContainerConfig;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/{name}/json}, in Docker's shape. {@code Container} and {@code ContainerConfig} are answered
 * below API 1.45 only (null: left out), as moby 26+.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Parent") String parent,
        @JsonProperty("Comment") String comment,
        @JsonProperty("Created") String created,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Container") String container,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ContainerConfig") ContainerConfig containerConfig,
        @JsonProperty("DockerVersion") String dockerVersion,
        @JsonProperty("Author") String author,
        @JsonProperty("Config") ImageContainerConfig config,
        @JsonProperty("Architecture") String architecture,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Variant") String variant,
        @JsonProperty("Os") String os,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("OsVersion") String osVersion,
        @JsonProperty("Size") long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonProperty("RootFS") RootFS rootFs,
        @JsonProperty("Metadata") Metadata metadata) {

    /** Storage driver name and its data (LowerDir, UpperDir, MergedDir, WorkDir). */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"Data", "Name"}) // Go's GraphDriverData: Data first
    public record GraphDriver(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {
    }

    /** Type "layers" and the diffIDs. */
    public record RootFS(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {
    }

    /** LastTagTime (RFC 3339, or the zero time when never tagged). */
    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {
    }
}
