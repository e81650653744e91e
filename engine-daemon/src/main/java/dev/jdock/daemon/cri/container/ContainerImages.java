package dev.jdock.daemon.cri.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the container calls need of the daemon's image store: a lookup, and the names an image has. */
public interface ContainerImages {
    /** The image ID a reference, ID or unique ID prefix names; empty when none does. */
    Optional<String> find(String refOrId);

    /** The image's tags and repo digests, fully qualified; empty when it is gone. */
    Optional<Names> names(String imageId);

    /**
     * The layer directories (top first) of the image a container's {@code n}th image volume holds since its create;
     * empty when there is no such hold (the sub path is then left to the start).
     */
    default List<Path> mountLayers(String containerId, int n) {
        return List.of();
    }

    /** @param repoTags {@code docker.io/library/busybox:latest}; @param repoDigests {@code ...@sha256:...} */
    record Names(List<String> repoTags, List<String> repoDigests) {
    }
}
