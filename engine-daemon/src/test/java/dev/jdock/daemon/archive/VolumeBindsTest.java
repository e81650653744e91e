package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount points of a stopped container's volumes are made and opened inside its root, whatever its symlinks say. */
class VolumeBindsTest {
    @TempDir
    Path tmp;

    private Fd root() throws IOException {
        return Fs.open(Files.createDirectories(tmp.resolve("root")), Fs.O_PATH | Fs.O_DIRECTORY);
    }

    @Test
    void mountPoint_missingDirectories_areMadeInTheRoot() throws IOException {
        try (Fd root = root(); Fd mp = VolumeBinds.mountPoint(root, "/a/b/vol", true)) {
            assertTrue(Files.isDirectory(tmp.resolve("root/a/b/vol")));
            assertTrue(Fs.stat(mp).sameInode(Fs.stat(Fs.open(tmp.resolve("root/a/b/vol"), Fs.O_PATH))));
        }
    }

    @Test
    void mountPoint_ofAFile_isAnEmptyFile() throws IOException {
        try (Fd root = root(); Fd mp = VolumeBinds.mountPoint(root, "/etc/conf.txt", false)) {
            assertTrue(Files.isRegularFile(tmp.resolve("root/etc/conf.txt")));
            assertEquals(0, Files.size(tmp.resolve("root/etc/conf.txt")));
        }
    }

    @Test
    void mountPoint_symlinksOutOfTheRoot_landInsideIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        try (Fd root = root()) {
            Files.createSymbolicLink(tmp.resolve("root/abs"), outside);
            Files.createSymbolicLink(tmp.resolve("root/rel"), Path.of("../../../../.." + outside + "/deeper"));
            try (Fd a = VolumeBinds.mountPoint(root, "/abs/vol", true);
                    Fd r = VolumeBinds.mountPoint(root, "/rel", true)) {
                assertTrue(Files.isDirectory(tmp.resolve("root" + outside + "/vol")), "the absolute link, in scope");
                assertTrue(Files.isDirectory(tmp.resolve("root" + outside + "/deeper")), "the dangling link, made");
            }
            assertEquals(List.of(), List.of(outside.toFile().list()), "nothing made outside the root");
        }
    }

    /**
     * A read-only bind is made read-only, all the way down, on a scratch entry of the daemon, then bound into the
     * root on the mount point's descriptor (its flags go with it): the root's paths are never looked up again.
     */
    @Test
    void mount_readOnly_isMadeReadOnlyOnTheScratch_thenBoundOnTheDescriptor() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path scratch = tmp.resolve("scratch");
        RecordingSyscalls sys = new RecordingSyscalls();
        try (Fd root = root()) {
            VolumeBinds.mount(sys, root, List.of(new ArchiveVolumes.Bind(src, "/data", true)), scratch);
        }
        List<RecordingSyscalls.MountCall> calls = sys.calls(RecordingSyscalls.MountCall.class);
        assertEquals(3, calls.size(), calls.toString());
        Path stage = calls.get(0).target();
        assertEquals(scratch, stage.getParent(), "staged on the daemon's scratch: " + calls.get(0));
        assertEquals(src.toString(), calls.get(0).source());
        assertEquals(MountFlags.MS_BIND | MountFlags.MS_REC, calls.get(0).flags());
        assertEquals(new RecordingSyscalls.MountCall("none", stage, null,
                MountFlags.MS_REMOUNT | MountFlags.MS_BIND | MountFlags.MS_RDONLY, null), calls.get(1));
        assertEquals(List.of(new RecordingSyscalls.MountTreeReadOnlyCall(stage)),
                sys.calls(RecordingSyscalls.MountTreeReadOnlyCall.class), "the mounts below the bind too");
        assertEquals(stage.toString(), calls.get(2).source());
        assertTrue(calls.get(2).target().toString().startsWith("/proc/self/fd/"), "never a path: " + calls.get(2));
        assertEquals(MountFlags.MS_BIND | MountFlags.MS_REC, calls.get(2).flags());
        assertEquals(List.of(new RecordingSyscalls.UmountCall(stage, MountFlags.MNT_DETACH)),
                sys.calls(RecordingSyscalls.UmountCall.class));
        assertEquals(List.of(), List.of(scratch.toFile().list()), "the scratch entry removed");
    }

    /**
     * A writable bind goes straight onto the descriptor; a kernel without mount_setattr leaves the mounts below a
     * read-only one as it leaves them in the container; any other refusal fails the operation, and the scratch
     * entry goes either way.
     */
    @Test
    void mount_writable_isBoundDirectly_andARefusedReadOnly_failsTheOperation() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path scratch = tmp.resolve("scratch");
        RecordingSyscalls writable = new RecordingSyscalls();
        try (Fd root = root()) {
            VolumeBinds.mount(writable, root, List.of(new ArchiveVolumes.Bind(src, "/rw", false)), scratch);
        }
        List<RecordingSyscalls.MountCall> calls = writable.calls(RecordingSyscalls.MountCall.class);
        assertEquals(1, calls.size());
        assertEquals(src.toString(), calls.get(0).source());
        assertTrue(calls.get(0).target().toString().startsWith("/proc/self/fd/"), "never a path: " + calls.get(0));
        assertEquals(List.of(), writable.calls(RecordingSyscalls.MountTreeReadOnlyCall.class));
        RecordingSyscalls old = new RecordingSyscalls().failAlways("mountTreeReadOnly", Errno.ENOSYS);
        try (Fd root = root()) {
            VolumeBinds.mount(old, root, List.of(new ArchiveVolumes.Bind(src, "/ro", true)), scratch);
        }
        assertEquals(3, old.calls(RecordingSyscalls.MountCall.class).size(), "the top is read-only all the same");
        RecordingSyscalls refusing = new RecordingSyscalls().failAlways("mountTreeReadOnly", Errno.EPERM);
        try (Fd root = root()) {
            org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> VolumeBinds.mount(refusing,
                    root, List.of(new ArchiveVolumes.Bind(src, "/ro2", true)), scratch));
        }
        assertEquals(2, refusing.calls(RecordingSyscalls.MountCall.class).size(), "never bound into the root");
        assertEquals(1, refusing.calls(RecordingSyscalls.UmountCall.class).size(), "the staged bind detached");
        assertEquals(List.of(), List.of(scratch.toFile().list()), "no scratch entry left");
    }

    /** A read-only file (a subpath naming a file) is staged on a file. */
    @Test
    void mount_readOnlyFile_isStagedOnAFile() throws IOException {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        Files.writeString(vol.resolve("f"), "x");
        Path scratch = tmp.resolve("scratch");
        List<Boolean> stagedAsFile = new java.util.ArrayList<>();
        RecordingSyscalls sys = new RecordingSyscalls() {
            @Override
            public synchronized void mount(String source, Path target, String fsType, long flags, String data) {
                if (target.startsWith(scratch)) {
                    stagedAsFile.add(Files.isRegularFile(target));
                }
                super.mount(source, target, fsType, flags, data);
            }
        };
        try (Fd root = root()) {
            VolumeBinds.mount(sys, root, List.of(new ArchiveVolumes.Bind(vol, "/etc/f", true, "f", List.of())),
                    scratch);
        }
        assertEquals(List.of(true, true), stagedAsFile);
        assertTrue(Files.isRegularFile(tmp.resolve("root/etc/f")));
    }

    /** A volume's subpath is opened beneath the volume and bound from the descriptor; a file is a file mount. */
    @Test
    void mount_subpath_bindsTheDescriptorOpenedBeneathTheVolume() throws IOException {
        Path vol = Files.createDirectories(tmp.resolve("vol/sub"));
        Files.writeString(vol.resolve("f"), "x");
        RecordingSyscalls sys = new RecordingSyscalls();
        try (Fd root = root()) {
            VolumeBinds.mount(sys, root, List.of(new ArchiveVolumes.Bind(vol.getParent(), "/data", false, "sub",
                    List.of()), new ArchiveVolumes.Bind(vol.getParent(), "/file", false, "sub/f", List.of())),
                    tmp.resolve("scratch"));
        }
        List<RecordingSyscalls.MountCall> calls = sys.calls(RecordingSyscalls.MountCall.class);
        assertEquals(2, calls.size());
        assertTrue(calls.get(0).source().startsWith("/proc/self/fd/"), "the opened subpath: " + calls.get(0));
        assertTrue(Files.isDirectory(tmp.resolve("root/data")));
        assertTrue(Files.isRegularFile(tmp.resolve("root/file")), "a file's mount point is a file");
    }

    /** The volume's content is the container's: a symlink out of it, or a missing subpath, mounts nothing. */
    @Test
    void mount_subpath_thatLeavesTheVolume_isRefused() throws IOException {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        Files.createSymbolicLink(vol.resolve("root"), Path.of("/"));
        Files.createSymbolicLink(vol.resolve("up"), Path.of("../.."));
        RecordingSyscalls sys = new RecordingSyscalls();
        try (Fd root = root()) {
            for (String sub : List.of("root", "up", "root/etc")) {
                String msg = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                        () -> VolumeBinds.mount(sys, root, List.of(new ArchiveVolumes.Bind(vol, "/d", false, sub,
                                List.of())), tmp.resolve("scratch"))).getMessage();
                assertTrue(msg.contains("path concatenation escapes the base directory"), msg);
            }
            String msg = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> VolumeBinds.mount(sys, root, List.of(new ArchiveVolumes.Bind(vol, "/d", false, "missing",
                            List.of())), tmp.resolve("scratch"))).getMessage();
            assertTrue(msg.contains("no such file"), msg);
        }
        assertEquals(List.of(), sys.calls(RecordingSyscalls.MountCall.class));
    }
}
