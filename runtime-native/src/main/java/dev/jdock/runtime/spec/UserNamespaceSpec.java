package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The container's user namespace (Kubernetes' {@code hostUsers: false}): a new one with these maps (a pod's infra
 * process), or the one at {@code joinPath} (the pod's containers; the maps are the pod's, for the rootfs' owner).
 * The runtime then idmaps the rootfs' layers and every bind mount to it and creates the container's other new
 * namespaces inside it. One range each for uids and gids, container id 0 mapped (the CRI's validation).
 */
public record UserNamespaceSpec(Optional<Path> joinPath, IdMapping uids, IdMapping gids) {

    /** Container ids {@code containerId..containerId+length-1} are host ids {@code hostId..}. */
    public record IdMapping(long containerId, long hostId, long length) {
        private static final long MAX = 0xffffffffL;

        public IdMapping {
            if (containerId < 0 || hostId < 0 || length < 1 || containerId + length > MAX || hostId + length > MAX) {
                throw new IllegalArgumentException("invalid id mapping " + containerId + " " + hostId + " " + length);
            }
        }
    }

    public UserNamespaceSpec {
        joinPath = Objects.requireNonNull(joinPath, "joinPath");
        joinPath.ifPresent(p -> RuntimeSpec.requireAbsolute(p, "user namespace path"));
        Objects.requireNonNull(uids, "uids");
        Objects.requireNonNull(gids, "gids");
        if (uids.containerId() != 0 || gids.containerId() != 0) {
            throw new IllegalArgumentException("a user namespace must map container id 0");
        }
    }

    public static UserNamespaceSpec create(IdMapping uids, IdMapping gids) {
        return new UserNamespaceSpec(Optional.empty(), uids, gids);
    }

    public static UserNamespaceSpec join(Path path, IdMapping uids, IdMapping gids) {
        return new UserNamespaceSpec(Optional.of(path), uids, gids);
    }
}
