package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.NetworkSettings;
import dev.jdock.api.types.container.Port;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container feature's seam to the network feature (dev.jdock.daemon.network): endpoints are recorded at
 * create, configured in the container's network namespace between launch and START, and released at exit and
 * removal.
 */
public interface ContainerNetworking {
    /** Checks the request's network mode, endpoints and ports before the container exists. */
    void validateCreate(ContainerCreateRequest req);

    /** Records the new container's endpoints (NetworkingConfig, or the default network). */
    void created(Container c, ContainerCreateRequest req);

    /**
     * The existing network namespace the container joins (host, container:ID), or empty for a new one; another
     * container's is opened into {@code joined} (held until the start is decided) and named by its descriptor.
     */
    Optional<Path> joinNetns(Container c, JoinedNamespaces joined);

    /**
     * Configures the held process's netns ({@code netns}, a path to the namespace the runtime holds open meanwhile:
     * {@link RuntimeBackend#netns}): veths, addresses, routes, ports, DNS, files.
     */
    void attach(Container c, String netns);

    /** The container's process has exited (or its start failed): releases addresses, ports and rules. */
    void detach(Container c);

    /** The container was removed: forgets its endpoints. */
    void removed(Container c);

    /** Inspect's NetworkSettings. */
    NetworkSettings settings(Container c);

    /** Inspect's HostConfig.Links ({@code /<linked>:/<name>/<alias>}); without the network feature, as stored. */
    default List<String> inspectLinks(Container c) {
        return c.record().hostConfig().links();
    }

    /** The legacy links' environment variables (moby's setupLinkedContainers), for the start and for execs. */
    default List<String> linkEnv(Container c) {
        return List.of();
    }

    /** HostConfig.Links without the default-bridge link {@code parent} knows as {@code alias}; empty: no such link. */
    default Optional<List<String>> withoutLink(Container parent, String alias) {
        return Optional.empty();
    }

    /** The container's links changed (a link was removed): its /etc/hosts is written again if it runs. */
    default void linksChanged(Container c) {
    }

    /** ps's Ports. */
    List<Port> ports(Container c);

    /** ps's NetworkSettings.Networks (network name → endpoint). */
    Map<String, dev.jdock.api.types.container.EndpointSettings> networks(Container c);
}
