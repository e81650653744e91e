package dev.jdock.daemon.container;

/**
 * A container's sizes as {@code size=1} asks them of {@code GET /containers/json} and {@code /containers/{id}/json}
 * (moby's GetContainerLayerSize): its writable layer, and that plus its image's layers.
 */
@FunctionalInterface
public interface ContainerSizes {
    /** The sizes in bytes; {@code rw} is 0 for a container without a writable layer. */
    record Sizes(long rw, long rootFs) {
    }

    Sizes of(String containerId, String imageId);
}
