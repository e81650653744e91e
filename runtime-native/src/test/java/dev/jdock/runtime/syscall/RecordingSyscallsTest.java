package dev.jdock.runtime.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingSyscallsTest {
    @TempDir
    Path dir;

    @Test
    void recordsMountsInOrder() {
        RecordingSyscalls sys = new RecordingSyscalls();
        sys.mount("tmpfs", dir, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "size=1m");
        sys.umount(dir, MountFlags.MNT_DETACH);
        assertEquals(List.of(
                new RecordingSyscalls.MountCall("tmpfs", dir, "tmpfs", 6, "size=1m"),
                new RecordingSyscalls.UmountCall(dir, 2)), sys.calls());
    }

    @Test
    void failsTheNthCall() {
        RecordingSyscalls sys = new RecordingSyscalls().failNth("mount", 2, Errno.EBUSY);
        sys.mount("a", dir, null, 0, null);
        SyscallException e = assertThrows(SyscallException.class, () -> sys.mount("b", dir, null, 0, null));
        assertEquals(Errno.EBUSY, e.errno());
        sys.mount("c", dir, null, 0, null);
        assertEquals(2, sys.calls(RecordingSyscalls.MountCall.class).size());
        assertEquals(3, sys.count("mount"));
    }

    @Test
    void failAlways() {
        RecordingSyscalls sys = new RecordingSyscalls().failAlways("lchown", Errno.EPERM);
        assertThrows(SyscallException.class, () -> sys.lchown(dir, 1, 1));
        assertThrows(SyscallException.class, () -> sys.lchown(dir, 1, 1));
    }

    @Test
    void whiteoutsAndOpaqueDirs() {
        RecordingSyscalls sys = new RecordingSyscalls();
        Path wh = dir.resolve("gone");
        sys.mknod(wh, FileModes.S_IFCHR | 0, FileModes.makedev(0, 0));
        assertTrue(sys.node(wh).orElseThrow().isWhiteout());
        assertTrue(Files.exists(wh), "placeholder file created");
        assertEquals(Errno.EEXIST, assertThrows(SyscallException.class,
                () -> sys.mknod(wh, FileModes.S_IFCHR, 0)).errno());
        sys.lsetxattr(dir, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("y"), sys.xattr(dir, "trusted.overlay.opaque"));
        assertArrayEquals("y".getBytes(StandardCharsets.UTF_8), sys.lgetxattr(dir, "trusted.overlay.opaque").orElseThrow());
        assertEquals(List.of("trusted.overlay.opaque"), sys.llistxattr(dir));
        assertTrue(sys.lgetxattr(dir, "user.none").isEmpty());
    }

    @Test
    void ownersKept() {
        RecordingSyscalls sys = new RecordingSyscalls();
        sys.lchown(dir, 1000, 100);
        assertEquals(Optional.of(new RecordingSyscalls.Owner(1000, 100)), sys.owner(dir));
        assertEquals(List.of(new RecordingSyscalls.ChownCall(dir, 1000, 100)), sys.calls(RecordingSyscalls.ChownCall.class));
    }

    @Test
    void chmodAndTimesApplied() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Path f = Files.createFile(dir.resolve("f"));
        sys.chmod(f, 0640);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        sys.lutimes(f, 1_000_000_000L, 2_000_000_000L);
        assertEquals(2000, Files.getLastModifiedTime(f).toMillis());
    }

    @Test
    void processesAndKill() {
        RecordingSyscalls sys = new RecordingSyscalls().addLiveProcess(10);
        assertTrue(sys.processExists(10));
        sys.kill(10, 9);
        assertFalse(sys.processExists(10));
        assertEquals(Errno.ESRCH, assertThrows(SyscallException.class, () -> sys.kill(10, 15)).errno());
    }

    @Test
    void unfakeableOperationsSaySo() {
        RecordingSyscalls sys = new RecordingSyscalls();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> sys.statfsType(dir));
        assertTrue(e.getMessage().contains("statfsType"));
    }
}
