package dev.jdock.daemon.archive;

import dev.jdock.daemon.container.Container;
import java.nio.file.Path;
import java.util.List;

/**
 * The archive feature's seam to the volume feature: the volumes and binds of a container that does not run, as host
 * directories (or files) to mount into its root for one archive operation, as dockerd's {@code mountVolumes} does.
 */
public interface ArchiveVolumes {
    /** One mount: a host path, the container path it is mounted on, and whether it is read-only. */
    record Bind(Path source, String destination, boolean readOnly) {
    }

    /** The container's binds, shallowest destination first, usable (volumes mounted on the host) until closed. */
    interface Lease extends AutoCloseable {
        List<Bind> binds();

        @Override
        void close();
    }

    Lease acquire(Container c);

    /** Whether {@code path} (resolved, absolute) is a read-only mount's destination or below it (running or not). */
    default boolean readOnlyAt(Container c, String path) {
        return false;
    }
}
