package dev.jdock.daemon.volume;

import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.List;

/** Builds the volume feature: store, local driver, service, the containers' mounts and the router. */
public record VolumeModule(VolumeService service, VolumeMounts mounts, VolumeRouter router) {

    /** Loads {@code <dataRoot>/volumes} and the containers' mounts; counts running containers as volume users. */
    public static VolumeModule boot(Path dataRoot, ContainerStore containers, EventSink events, Syscalls sys) {
        VolumeStore store = new VolumeStore(dataRoot.resolve("volumes"));
        store.load();
        VolumeService service = new VolumeService(store, List.of(new LocalVolumeDriver(store, sys)), events);
        VolumeMounts mounts = new VolumeMounts(service, containers, ImageContent.host());
        mounts.restore();
        return new VolumeModule(service, mounts, new VolumeRouter(service));
    }
}
