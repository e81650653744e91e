package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.NetworkSettings;
import dev.jdock.api.types.container.Port;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The network seam for container tests: each container on its own loopback-only namespace; open to vary a step. */
class LoopbackNetworking implements ContainerNetworking {
    @Override
    public void validateCreate(ContainerCreateRequest req) {
        String nm = req.hostConfig() == null ? null : req.hostConfig().networkMode();
        if (nm != null && !nm.isEmpty() && !Set.of("default", "bridge", "none", "host").contains(nm)
                && !nm.startsWith("container:")) { // the real seam looks container:<x> up at start
            throw EngineException.notFound("network " + nm + " not found");
        }
    }

    @Override
    public void created(Container c, ContainerCreateRequest req) {
    }

    @Override
    public Optional<Path> joinNetns(Container c, JoinedNamespaces joined) {
        return Optional.empty();
    }

    @Override
    public void attach(Container c, String netns) {
    }

    @Override
    public void detach(Container c) {
    }

    @Override
    public void removed(Container c) {
    }

    @Override
    public NetworkSettings settings(Container c) {
        return NetworkSettings.builder().sandboxKey("").ports(Map.of()).networks(Map.of()).build();
    }

    @Override
    public List<Port> ports(Container c) {
        return List.of();
    }

    @Override
    public Map<String, EndpointSettings> networks(Container c) {
        return Map.of();
    }
}
