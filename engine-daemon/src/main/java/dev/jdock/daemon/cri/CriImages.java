package dev.jdock.daemon.cri;

import dev.jdock.api.types.system.AuthConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the CRI's ImageService needs from the daemon's one image store (the same images the Engine API serves). Errors
 * are the daemon's {@code EngineException}s, whose kind {@link CriImageService} turns into a gRPC status.
 */
public interface CriImages {
    /** Every image's ID ({@code sha256:<hex>}). */
    List<String> ids();

    /** The image ID a reference, ID or unique ID prefix names; empty when none does. */
    Optional<String> find(String refOrId);

    /** One image as the CRI shows it; empty when it is gone. */
    Optional<ImageView> view(String imageId);

    /**
     * Pulls {@code reference} ({@code latest} when it has no tag or digest) with {@code auth}; returns the image ID.
     * Stops with a {@link java.util.concurrent.CancellationException} once {@code cancelled} is true.
     */
    String pull(String reference, AuthConfig auth, BooleanSupplier cancelled);

    /** Removes the image and every reference to it (containers that use it keep their layers). */
    void remove(String imageId);

    /** The image store's file system and what the images and container layers take on it. */
    Usage usage();

    /**
     * What a container's writable layer takes (its snapshot's upper directory, walked now), on the image store's
     * file system; empty when the container has no snapshot.
     */
    Optional<LayerUsage> writableLayer(String containerId);

    /**
     * @param repoTags    {@code docker.io/library/busybox:latest}, as containerd lists them
     * @param repoDigests {@code docker.io/library/busybox@sha256:...}
     * @param size        the unpacked size of the layers, as {@code docker images} shows it
     * @param user        the config's {@code User} ({@code ""} when none)
     * @param chainId     the top layer's chain ID, null for an image without layers
     * @param config      the image configuration blob as stored
     */
    record ImageView(String id, List<String> repoTags, List<String> repoDigests, long size, String user,
            String chainId, byte[] config) {
    }

    /**
     * The layer directories (top first) of a container's {@code n}th image mount, held since its create; empty when
     * it has none.
     */
    default List<java.nio.file.Path> imageMountLayers(String containerId, int n) {
        return List.of();
    }

    /** @param mountpoint the image store's file system (where ImageFsInfo's figures are) */
    record LayerUsage(String mountpoint, long usedBytes, long inodesUsed) {
    }

    /** @param timestampNanos when the figures were taken, nanoseconds since the epoch */
    record Usage(String mountpoint, long usedBytes, long inodesUsed, long timestampNanos) {
    }
}
