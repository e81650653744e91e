package dev.jdock.daemon.container;

import dev.jdock.api.types.container.Ulimit;
import java.util.List;
import java.util.Map;

/**
 * The daemon's defaults for a container being started: daemon.json's {@code log-opts} (under the container's own
 * options) and {@code default-ulimits} (for the names the container does not set, dockerd's mergeUlimits). Read
 * at each start, so a reload (SIGHUP) applies to the containers started afterwards.
 */
public record ContainerDefaults(Map<String, String> logOpts, List<Ulimit> ulimits) {
    public ContainerDefaults {
        logOpts = logOpts == null ? Map.of() : Map.copyOf(logOpts);
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    }
}
