package dev.jdock.daemon.volume;

import dev.jdock.daemon.archive.ArchiveVolumes;
import dev.jdock.daemon.container.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A stopped container's volumes, binds and image mounts for one archive operation (dockerd's {@code mountVolumes}):
 * each volume is held (mounted on the host if it has options) by a user of its own, never the container's hold, and
 * without events; a subpath goes with its volume or image, resolved where it is mounted ({@code VolumeBinds}); binds
 * whose host path is missing and tmpfs mounts are left out, as dockerd does.
 */
final class ArchiveLeases {
    private final VolumeService volumes;
    private final AtomicLong users = new AtomicLong();

    ArchiveLeases(VolumeService volumes) {
        this.volumes = volumes;
    }

    /** {@code layers}: an image mount's held layers, top first. */
    ArchiveVolumes.Lease acquire(Container c, List<ResolvedMount> mounts, Function<ResolvedMount, List<Path>> layers) {
        List<ResolvedMount> ms = new ArrayList<>(mounts);
        ms.sort(Comparator.comparingInt(m -> Path.of(m.destination()).getNameCount()));
        String user = c.id() + "/archive-" + users.incrementAndGet();
        List<String> held = new ArrayList<>();
        Runnable release = () -> held.forEach(n -> volumes.release(n, user, false));
        List<ArchiveVolumes.Bind> binds = new ArrayList<>();
        try {
            for (ResolvedMount m : ms) {
                if (m.isVolume()) {
                    Path p = volumes.acquire(m.name(), user, null);
                    held.add(m.name());
                    binds.add(new ArchiveVolumes.Bind(p, m.destination(), !m.rw(), m.subpath(), List.of()));
                } else if (m.isImage()) {
                    binds.add(new ArchiveVolumes.Bind(Path.of(m.source()), m.destination(), true, m.subpath(),
                            layers.apply(m)));
                } else if (MountRequest.BIND.equals(m.type()) && Files.exists(Path.of(m.source()))) {
                    binds.add(new ArchiveVolumes.Bind(Path.of(m.source()), m.destination(), !m.rw()));
                }
            }
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return new ArchiveVolumes.Lease() {
            @Override
            public List<ArchiveVolumes.Bind> binds() {
                return binds;
            }

            @Override
            public void close() {
                release.run();
            }
        };
    }
}
