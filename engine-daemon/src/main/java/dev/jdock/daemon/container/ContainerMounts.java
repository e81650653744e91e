package dev.jdock.daemon.container;

import dev.jdock.api.types.container.MountPoint;
import dev.jdock.runtime.spec.MountSpec;
import java.util.List;

/**
 * The container feature's seam to the volume feature (dev.jdock.daemon.volume): mounts are resolved at create
 * (volumes created), made ready on the host at each start and turned into runtime mounts, released at exit, and
 * forgotten at removal.
 */
public interface ContainerMounts {
    /** Resolves Binds, Mounts, VolumesFrom and the image's Volumes; creates the volumes. Throws Docker's errors. */
    void created(Container c);

    /** At launch: mounts the volumes on the host, copies image content into new volumes; the runtime mounts. */
    List<MountSpec> prepare(Container c, ImageSource.Rootfs rootfs);

    /** The container's process has exited or its start failed: its volumes may be unmounted. */
    void released(Container c);

    /** The container was removed; {@code removeVolumes} ({@code rm -v}, {@code --rm}): its anonymous volumes too. */
    void removed(Container c, boolean removeVolumes);

    /** Inspect's and ps's Mounts. */
    List<MountPoint> mountPoints(Container c);
}
