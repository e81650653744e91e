package dev.jdock.daemon.cri.container;

import java.util.List;
import java.util.Optional;

/** What the container calls need of the daemon's image store: a lookup, and the names an image has. */
public interface ContainerImages {
    /** The image ID a reference, ID or unique ID prefix names; empty when none does. */
    Optional<String> find(String refOrId);

    /** The image's tags and repo digests, fully qualified; empty when it is gone. */
    Optional<Names> names(String imageId);

    /** @param repoTags {@code docker.io/library/busybox:latest}; @param repoDigests {@code ...@sha256:...} */
    record Names(List<String> repoTags, List<String> repoDigests) {
    }
}
