package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped container's archive mounts: its volumes, then its network files, as moby's mountVolumes. */
class ArchiveNetworkFilesTest {
    @TempDir
    Path root;

    private final Map<String, Container> containers = new HashMap<>();
    private ContainerStore store;
    private final List<ArchiveVolumes.Bind> volumes = new java.util.ArrayList<>();
    private boolean released;

    private final ArchiveVolumes volumeFeature = c -> new ArchiveVolumes.Lease() {
        @Override
        public List<ArchiveVolumes.Bind> binds() {
            return volumes;
        }

        @Override
        public void close() {
            released = true;
        }
    };

    private final ArchiveNetworkFiles files = new ArchiveNetworkFiles(volumeFeature,
            ref -> Optional.ofNullable(containers.get(ref)));

    private Container container(String name, HostConfig hc, boolean started) throws IOException {
        ContainerRecord rec = new ContainerRecord(name + "-id", name, "2024-01-01T00:00:00Z", "sh", List.of(), "img",
                ContainerConfig.builder().build(), hc);
        ContainerRunState st = ContainerRunState.created();
        if (started) {
            st = st.running(100, 99, "2024-01-01T00:00:01Z").exited(0, "", "2024-01-01T00:00:02Z", false);
        }
        if (store == null) {
            store = new ContainerStore(root.resolve("containers"));
        }
        Container c = store.add(rec);
        store.update(c, st);
        for (String f : List.of("hostname", "hosts", "resolv.conf")) {
            Files.writeString(c.dir().resolve(f), name + " " + f); // written at create (ContainerFiles.writeInitial)
        }
        containers.put(rec.id(), c);
        return c;
    }

    private List<String> shown(List<ArchiveVolumes.Bind> binds) {
        return binds.stream().map(b -> b.destination() + "<-" + root.relativize(b.source())
                + (b.readOnly() ? ":ro" : "")).toList();
    }

    @Test
    void aStartedContainer_getsItsFilesAfterItsVolumes_notWhereAMountOfItsOwnIs() throws IOException {
        Container c = container("a", HostConfig.builder().build(), true);
        volumes.add(new ArchiveVolumes.Bind(root.resolve("vol"), "/data", false));
        volumes.add(new ArchiveVolumes.Bind(root.resolve("mine"), "/etc/hosts", true));
        try (ArchiveVolumes.Lease lease = files.acquire(c)) {
            assertEquals(List.of("/data<-vol", "/etc/hosts<-mine:ro", "/etc/resolv.conf<-containers/a-id/resolv.conf",
                    "/etc/hostname<-containers/a-id/hostname"), shown(lease.binds()));
        }
        assertTrue(released, "the volumes' lease is released with it");
    }

    @Test
    void aContainerNeverStarted_showsTheInitLayersFiles_asMobysWithoutPaths() throws IOException {
        Container c = container("b", HostConfig.builder().build(), false);
        try (ArchiveVolumes.Lease lease = files.acquire(c)) {
            assertEquals(List.of(), lease.binds());
        }
    }

    @Test
    void readOnlyRootfs_bindsThemReadOnly_andAJoinerGetsItsDonorsFiles() throws IOException {
        Container ro = container("c", HostConfig.builder().readonlyRootfs(true).build(), true);
        assertEquals(List.of("/etc/resolv.conf<-containers/c-id/resolv.conf:ro",
                "/etc/hostname<-containers/c-id/hostname:ro",
                "/etc/hosts<-containers/c-id/hosts:ro"), shown(files.networkFiles(ro, List.of())));
        Container donor = container("d", HostConfig.builder().build(), true);
        Container joiner = container("e", HostConfig.builder().networkMode("container:" + donor.id()).build(), true);
        assertEquals(List.of("/etc/resolv.conf<-containers/d-id/resolv.conf", "/etc/hostname<-containers/d-id/hostname",
                "/etc/hosts<-containers/d-id/hosts"),
                shown(files.networkFiles(joiner, List.of())));
        containers.remove(donor.id());
        assertEquals(List.of(), files.networkFiles(joiner, List.of()), "its donor gone: none");
    }
}
