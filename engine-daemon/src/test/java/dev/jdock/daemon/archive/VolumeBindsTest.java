package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
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

    @Test
    void mount_bindsOnTheDescriptor_andRemountsReadOnly() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        RecordingSyscalls sys = new RecordingSyscalls();
        try (Fd root = root()) {
            VolumeBinds.mount(sys, root, List.of(new ArchiveVolumes.Bind(src, "/data", true)));
        }
        List<RecordingSyscalls.MountCall> calls = sys.calls(RecordingSyscalls.MountCall.class);
        assertEquals(2, calls.size());
        assertEquals(src.toString(), calls.get(0).source());
        assertTrue(calls.get(0).target().toString().startsWith("/proc/self/fd/"), "never a path: " + calls.get(0));
        assertEquals(MountFlags.MS_BIND | MountFlags.MS_REC, calls.get(0).flags());
        assertEquals(MountFlags.MS_REMOUNT | MountFlags.MS_BIND | MountFlags.MS_RDONLY, calls.get(1).flags());
        assertFalse(calls.get(1).target().toString().contains("data"));
    }
}
