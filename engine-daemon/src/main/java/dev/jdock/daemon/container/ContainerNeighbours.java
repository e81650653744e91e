package dev.jdock.daemon.container;

import dev.jdock.daemon.events.EventSink;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the container feature uses from the features around it, all given when it is built: the composition root
 * builds those features first (images, networks, volumes, exec) through these seams, so none can be forgotten.
 *
 * @param images     image configs and the container root filesystems (the image feature)
 * @param networking endpoints, the network namespace and the network views (the network feature)
 * @param mounts     volumes, binds and tmpfs mounts (the volume feature)
 * @param health     where healthcheck commands run (the exec feature)
 * @param execIds    the running exec IDs of a container for inspect's ExecIDs, null when none (the exec feature)
 * @param events     where container events go (the events feature)
 */
public record ContainerNeighbours(ImageSource images, ContainerNetworking networking, ContainerMounts mounts,
        HealthProbe health, Function<String, List<String>> execIds, EventSink events) {
    public ContainerNeighbours {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(networking, "networking");
        Objects.requireNonNull(mounts, "mounts");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(execIds, "execIds");
        Objects.requireNonNull(events, "events");
    }
}
