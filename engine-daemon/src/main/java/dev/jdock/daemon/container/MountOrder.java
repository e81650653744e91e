package dev.jdock.daemon.container;

import dev.jdock.runtime.spec.MountSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order the runtime mounts in, as moby's {@code WithMounts}: the runtime's own mounts first (proc, dev, sys,
 * /dev/shm, the init binary), then the container's mounts (its volumes, binds and tmpfs) together with its
 * /etc/hostname, /etc/hosts and /etc/resolv.conf, by number of path components, so that a mount over a parent comes
 * before the mounts below it: a volume or tmpfs at /etc keeps the network files on top of it, a tmpfs at /data keeps a
 * volume at /data/x. A network file the container mounts something of its own at is left out ({@code
 * HasMountFor}). The sort is stable: mounts of one depth keep the order they were given in.
 */
final class MountOrder {
    private MountOrder() {
    }

    static List<MountSpec> stack(List<MountSpec> runtime, List<MountSpec> networkFiles, List<MountSpec> requested) {
        Set<String> taken = new HashSet<>();
        for (MountSpec m : requested) {
            taken.add(clean(m.destination()));
        }
        List<MountSpec> own = new ArrayList<>(requested);
        for (MountSpec f : networkFiles) {
            if (!taken.contains(clean(f.destination()))) {
                own.add(f);
            }
        }
        own.sort(Comparator.comparingInt(m -> depth(m.destination())));
        List<MountSpec> out = new ArrayList<>(runtime);
        out.addAll(own);
        return out;
    }

    private static String clean(String destination) {
        return Path.of("/").resolve(destination).normalize().toString();
    }

    private static int depth(String destination) {
        return Path.of(clean(destination)).getNameCount();
    }
}
