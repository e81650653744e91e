package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code GET /containers/{id}/changes}: a path of the container's filesystem and how it differs from the
 * image ({@link #MODIFIED}, {@link #ADDED}, {@link #DELETED}).
 */
public record FilesystemChange(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;
}
