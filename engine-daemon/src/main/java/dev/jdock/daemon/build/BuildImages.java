package dev.jdock.daemon.build;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.api.types.image.ImageContainerConfig;
import java.io.OutputStream;
import java.util.Optional;

/** What a build needs of the image store: the image feature, or a fake in tests. */
interface BuildImages {
    /** The local image a reference or ID names. */
    Optional<String> find(String refOrId);

    /** Pulls {@code ref}, writing the pull's JSON messages to {@code progress}; returns the image ID. */
    String pull(ImageReference ref, String registryConfig, String platform, OutputStream progress);

    /** The image's config file. */
    OciImageConfig config(String imageId);

    boolean exists(String imageId);

    /**
     * A new image of {@code parentImage}'s layers (null: none, FROM scratch) with {@code config}: a metadata step,
     * whose history entry is an empty layer. {@code author}: MAINTAINER's, or null.
     */
    String derive(String parentImage, ImageContainerConfig config, String createdBy, ContainerConfig containerConfig,
            String author);

    /**
     * A {@code --cache-from} step: the image of {@code target}'s next step on {@code parent}, made from the
     * target's existing layers, with {@code config}.
     */
    String restore(String parent, String target, ImageContainerConfig config);

    /** Points {@code ref} at the image. */
    void tag(String imageId, ImageReference ref);
}
