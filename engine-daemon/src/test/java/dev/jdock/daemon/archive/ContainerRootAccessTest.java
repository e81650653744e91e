package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running container's root is taken only from a process in the container's cgroup (a fake /proc here). */
class ContainerRootAccessTest {
    /** A container without volumes or binds. */
    private static final ArchiveVolumes NO_VOLUMES = c -> new ArchiveVolumes.Lease() {
        @Override
        public java.util.List<ArchiveVolumes.Bind> binds() {
            return java.util.List.of();
        }

        @Override
        public void close() {
        }
    };

    static final String ID = "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    private ContainerRootAccess access() {
        return new ContainerRootAccess(null, null, tmp.resolve("mnt"), tmp.resolve("proc"), NO_VOLUMES);
    }

    private Path process(int pid, String cgroup) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("proc/" + pid));
        Files.writeString(dir.resolve("cgroup"), cgroup);
        Path root = Files.createDirectories(tmp.resolve("roots/" + pid));
        Files.createSymbolicLink(dir.resolve("root"), root);
        return root;
    }

    @Test
    void theRootOfAProcessInTheContainersCgroup() throws IOException {
        Path root = process(41, "12:memory:/jdock/" + ID + "\n0::/jdock/" + ID + "\n");
        Optional<Fd> fd = access().liveRoot(41, ID, CgroupParent.DEFAULT);
        assertTrue(fd.isPresent());
        try (Fd r = fd.get(); Fd expected = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY)) {
            assertTrue(Fs.stat(r).sameInode(Fs.stat(expected)));
        }
    }

    @Test
    void aNestedCgroupOfTheContainerCounts() throws IOException {
        process(42, "0::/jdock/" + ID + "/init.scope\n");
        access().liveRoot(42, ID, CgroupParent.DEFAULT).orElseThrow().close();
    }

    @Test
    void aReusedPidOfAnotherProcessIsRefused() throws IOException {
        process(43, "0::/user.slice/session-1.scope\n");
        assertFalse(access().liveRoot(43, ID, CgroupParent.DEFAULT).isPresent(), "a host process that took the pid: its root is never used");
        process(44, "0::/jdock/" + ID.substring(0, 63) + "e\n");
        assertFalse(access().liveRoot(44, ID, CgroupParent.DEFAULT).isPresent(), "another container");
        assertFalse(access().liveRoot(45, ID, CgroupParent.DEFAULT).isPresent(), "no such process");
    }

    @Test
    void aCgroupNamedAfterTheContainerInsideAnotherContainersIsRefused() throws IOException {
        String other = "fedcba9876543210".repeat(4);
        process(46, "0::/jdock/" + other + "/" + ID + "\n");
        assertFalse(access().liveRoot(46, ID, CgroupParent.DEFAULT).isPresent(), "a sub-cgroup named after the id");
        process(47, "0::/jdock/" + other + "/init.scope/jdock/" + ID + "\n");
        assertFalse(access().liveRoot(47, ID, CgroupParent.DEFAULT).isPresent(), "a nested jdock/<id> made inside another container");
        process(48, "12:memory:/jdock/" + other + "/" + ID + "\n0::/jdock/" + other + "\n");
        assertFalse(access().liveRoot(48, ID, CgroupParent.DEFAULT).isPresent(), "on every hierarchy");
    }

    @Test
    void underACgroupParent_onlyThatParentsCgroupOfTheIdCounts() throws IOException {
        process(50, "4:memory:/jdtest-parent/" + ID + "\n0::/jdtest-parent/" + ID + "\n");
        CgroupParent parent = CgroupParent.parse("/jdtest-parent");
        access().liveRoot(50, ID, parent).orElseThrow().close();
        assertFalse(access().liveRoot(50, ID, CgroupParent.DEFAULT).isPresent(), "not under /jdock");
        process(51, "0::/jdock/" + ID + "\n");
        assertFalse(access().liveRoot(51, ID, parent).isPresent(), "the default's path is not the parent's");
        process(52, "0::/jdtest-parent/" + "f".repeat(64) + "/jdtest-parent/" + ID + "\n");
        assertFalse(access().liveRoot(52, ID, parent).isPresent(), "inside another container's cgroup");
        process(53, "4:memory:/process_api/x/rel/" + ID + "\n");
        access().liveRoot(53, ID, CgroupParent.parse("rel")).orElseThrow().close();
    }
}
