package dev.jdock.daemon.archive;

import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerRunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stopped container's mounts for one archive operation ({@code docker cp}, {@code HEAD/GET/PUT archive}): its
 * volumes and binds, then its hostname, hosts and resolv.conf files on {@code /etc/...}, as moby's setupMounts
 * appends the container's NetworkMounts for its mountVolumes. Only once the container has started (moby sets their
 * paths at the first start: until then the init layer's empty files show), not where a volume or bind of its own is
 * mounted, and not for a pod's container (the sandbox's files are not its own). A {@code container:<x>} joiner gets
 * x's files, as its start did (SpecFactory.networkDonor), while x is there.
 */
public final class ArchiveNetworkFiles implements ArchiveVolumes {
    private static final List<String> FILES = List.of("resolv.conf", "hostname", "hosts");

    private final ArchiveVolumes volumes;
    private final Function<String, Optional<Container>> containers;

    public ArchiveNetworkFiles(ArchiveVolumes volumes, Function<String, Optional<Container>> containers) {
        this.volumes = volumes;
        this.containers = containers;
    }

    @Override
    public Lease acquire(Container c) {
        Lease lease = volumes.acquire(c);
        List<Bind> files;
        try {
            files = networkFiles(c, lease.binds());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        if (files.isEmpty()) {
            return lease;
        }
        List<Bind> all = new ArrayList<>(lease.binds());
        all.addAll(files); // moby's order: after the sorted volumes and binds
        return new Lease() {
            @Override
            public List<Bind> binds() {
                return all;
            }

            @Override
            public void close() {
                lease.close();
            }
        };
    }

    @Override
    public boolean readOnlyAt(Container c, String path) {
        return volumes.readOnlyAt(c, path);
    }

    /** The network files to mount for {@code c}, none of {@code binds}' destinations. */
    List<Bind> networkFiles(Container c, List<Bind> binds) {
        if (c.record().podLink() != null || ContainerRunState.ZERO_TIME.equals(c.state().startedAt())) {
            return List.of();
        }
        Container owner = c;
        String mode = c.record().hostConfig() == null ? null : c.record().hostConfig().networkMode();
        if (mode != null && mode.startsWith("container:")) {
            Optional<Container> donor = containers.apply(mode.substring("container:".length()));
            if (donor.isEmpty()) {
                return List.of(); // moby warns that it cannot stat the file and skips it
            }
            owner = donor.get();
        }
        boolean readOnly = c.record().hostConfig() != null && c.record().hostConfig().readonlyRootfs();
        List<Bind> out = new ArrayList<>();
        for (String name : FILES) {
            String dest = "/etc/" + name;
            Path source = owner.dir().resolve(name); // the daemon's file (ContainerFiles)
            if (binds.stream().noneMatch(b -> b.destination().equals(dest)) && Files.isRegularFile(source)) {
                out.add(new Bind(source, dest, readOnly));
            }
        }
        return out;
    }
}
