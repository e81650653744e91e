package dev.jdock.daemon.archive;

import dev.jdock.daemon.container.Container;
import java.nio.file.Path;
import java.util.List;

/**
 * The archive feature's seam to the volume feature: the volumes and binds of a container that does not run, as host
 * directories (or files) to mount into its root for one archive operation, as dockerd's {@code mountVolumes} does.
 */
public interface ArchiveVolumes {
    /**
     * One mount: a host path, the container path it is mounted on, and whether it is read-only; {@code subpath}
     * ("" for none) is resolved beneath the source, never past it (a volume's {@code VolumeOptions.Subpath}, an
     * image mount's {@code ImageOptions.Subpath}); {@code layers} (top first; empty for a plain directory) are an
     * image mount's: stacked read-only, and then the source is not used.
     */
    record Bind(Path source, String destination, boolean readOnly, String subpath, List<Path> layers) {
        public Bind {
            subpath = subpath == null ? "" : subpath;
            layers = layers == null ? List.of() : List.copyOf(layers);
        }

        /** A plain directory or file. */
        public Bind(Path source, String destination, boolean readOnly) {
            this(source, destination, readOnly, "", List.of());
        }
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
