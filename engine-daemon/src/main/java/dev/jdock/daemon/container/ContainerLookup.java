package dev.jdock.daemon.container;

import java.util.Map;

/** Containers by name, ID or unique ID prefix, and their events: what routers beside the container's need. */
public interface ContainerLookup {
    /** 404 {@code No such container: <ref>} when there is none. */
    Container get(String ref);

    /**
     * Emits a container event with Docker's attributes: the container's labels, image and name, then
     * {@code extra}. Never throws.
     */
    void event(Container c, String action, Map<String, String> extra);
}
