package dev.jdock.daemon.volume;

import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.List;

/**
 * The volume feature assembled for the composition root: build it (no I/O), give {@link #mounts()} to the container
 * feature and {@link #service()}'s disk usage to the image feature, register {@link #router()}, then {@link #boot()}
 * once the containers are loaded and reconciled.
 */
public final class VolumeModule {
    private final VolumeStore store;
    private final VolumeService service;
    private final VolumeMounts mounts;

    private VolumeModule(VolumeStore store, VolumeService service, VolumeMounts mounts) {
        this.store = store;
        this.service = service;
        this.mounts = mounts;
    }

    /** The feature over {@code <dataRoot>/volumes}, with the local driver and no image mounts (tests). */
    public static VolumeModule create(Path dataRoot, ContainerStore containers, EventSink events, Syscalls sys) {
        return create(dataRoot, containers, events, sys, ImageMounts.none());
    }

    /** The feature over {@code <dataRoot>/volumes}, with the local driver; image mounts held through {@code images}. */
    public static VolumeModule create(Path dataRoot, ContainerStore containers, EventSink events, Syscalls sys,
            ImageMounts images) {
        VolumeStore store = new VolumeStore(dataRoot.resolve("volumes"));
        VolumeRefs refs = new VolumeRefs();
        VolumeService service = new VolumeService(store, List.of(new LocalVolumeDriver(store, sys)), events,
                refs::users);
        return new VolumeModule(store, service,
                new VolumeMounts(service, refs, containers, ImageContent.host(), images));
    }

    /** Loads the volumes and counts the running containers' mounts as volume users. */
    public void boot() {
        store.load();
        mounts.restore();
    }

    public VolumeService service() {
        return service;
    }

    public VolumeMounts mounts() {
        return mounts;
    }

    public VolumeRouter router() {
        return new VolumeRouter(service);
    }
}
