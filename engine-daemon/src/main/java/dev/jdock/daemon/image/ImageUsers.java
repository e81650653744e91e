package dev.jdock.daemon.image;

import java.util.List;

/** Who uses an image: implemented by the container service, consulted when an image is removed. */
@FunctionalInterface
public interface ImageUsers {
    /** Containers whose image is {@code imageId} ({@code sha256:<hex>}). */
    List<ImageUser> usersOf(String imageId);

    /** A container using an image. */
    record ImageUser(String containerId, boolean running) {
    }
}
