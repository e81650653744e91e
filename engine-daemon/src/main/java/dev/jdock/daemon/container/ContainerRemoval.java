package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.Failpoints;

/**
 * The removal of a container that no longer runs, as a persisted, resumable step (moby's cleanupContainer): the
 * container is marked as being removed on disk before anything is destroyed ({@link ContainerStore#markRemoving});
 * the steps can each be done again; the record goes last. A removal that fails leaves the container {@code Dead}
 * (rm tries again); one that a killed daemon did not finish is finished by the next one ({@link ContainerRestore}).
 */
final class ContainerRemoval {
    private final ContainerStore store;
    private final RuntimeBackend runtime;
    private final ImageSource images;
    private final ContainerNetworking networking;
    private final ContainerMounts mounts;
    private final RestartScheduling restarts;
    private final HealthMonitor health;
    private final ContainerEvents events;

    ContainerRemoval(ContainerStore store, RuntimeBackend runtime, ImageSource images,
            ContainerNetworking networking, ContainerMounts mounts, RestartScheduling restarts,
            HealthMonitor health, ContainerEvents events) {
        this.store = store;
        this.runtime = runtime;
        this.images = images;
        this.networking = networking;
        this.mounts = mounts;
        this.restarts = restarts;
        this.health = health;
        this.events = events;
    }

    /** {@code removeVolumes}: {@code rm -v} (and {@code --rm}) also removes the container's anonymous volumes. */
    void removeStopped(Container c, boolean removeVolumes) {
        synchronized (c.lifecycleLock) {
            if (!store.find(c.id()).isPresent()) {
                return;
            }
            ContainerRunState last = c.state();
            store.markRemoving(c);
            Failpoints.reach("rm.marked");
            try {
                destroy(c, removeVolumes);
            } catch (RuntimeException e) {
                c.setState(c.state().withStatus(ContainerStatus.DEAD)); // on disk the marker already says so
                throw EngineException.system("unable to remove container " + c.id() + ": " + e.getMessage()
                        + " (it is marked Dead; remove it again to retry)", e);
            }
            events.emit(c, "destroy");
            for (Container.PendingAttach a : c.takePendingAttaches()) {
                a.abandon();
            }
            c.removedFuture().complete(last);
        }
    }

    /**
     * What removal destroys, in an order that can be resumed from any point: what still runs or is left of a
     * launch, the writable layer, endpoints, volumes, then the record itself, last, since it is what a restarted
     * daemon resumes from.
     */
    private void destroy(Container c, boolean removeVolumes) {
        runtime.discard(c);
        images.removeRootfs(c.id());
        Failpoints.reach("rm.rootfs-removed");
        networking.removed(c);
        mounts.removed(c, removeVolumes);
        restarts.removed(c);
        health.stopped(c);
        store.remove(c);
    }
}
