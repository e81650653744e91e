package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import java.nio.file.Path;
import java.util.List;

/** What the container feature needs from the image store: resolve a reference, prepare and drop a root fs. */
public interface ImageSource {
    /** Resolves a name, ID or ID prefix; throws EngineException 404 "No such image: ..." when unknown. */
    ResolvedImage resolve(String reference);

    /** The image's {os, architecture, variant} (variant null when it has none); null when not known. */
    default String[] platform(String imageId) {
        return null;
    }

    /** Creates the container's writable layer on top of the image's layers. */
    Rootfs prepareRootfs(String containerId, ResolvedImage image);

    /** The root fs of an existing container (after a daemon restart). */
    Rootfs rootfs(String containerId);

    void removeRootfs(String containerId);

    /** The containers that have a root fs (container IDs), to find those a killed daemon left without a record. */
    default List<String> rootfsIds() {
        return List.of();
    }

    /**
     * @param id image ID (sha256:...)
     * @param config the image's default container config (User, Env, Cmd, Entrypoint, WorkingDir, Labels...)
     */
    record ResolvedImage(String id, String chainId, ContainerConfig config) {
    }

    /**
     * An overlay root: lower directories top first, the container's upper and work directories, and where its init
     * layer is made ({@code InitFiles}; null: none), the top of {@code lowerTopFirst} once it exists.
     */
    record Rootfs(List<Path> lowerTopFirst, Path upper, Path work, Path init) {
        public Rootfs {
            lowerTopFirst = List.copyOf(lowerTopFirst);
        }

        public Rootfs(List<Path> lowerTopFirst, Path upper, Path work) {
            this(lowerTopFirst, upper, work, null);
        }
    }
}
