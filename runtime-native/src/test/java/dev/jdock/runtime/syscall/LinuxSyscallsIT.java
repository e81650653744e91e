package dev.jdock.runtime.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("root")
class LinuxSyscallsIT {
    private static final long TMPFS_MAGIC = 0x01021994L;
    private final LinuxSyscalls sys = new LinuxSyscalls();

    @TempDir
    Path dir;

    @Test
    void mountTmpfsAndXattrsAndWhiteout() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        sys.mount("tmpfs", mnt, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "size=1m,mode=755");
        try {
            assertEquals(TMPFS_MAGIC, sys.statfsType(mnt));
            Path d = Files.createDirectory(mnt.resolve("opaque"));
            sys.lsetxattr(d, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("y".getBytes(StandardCharsets.UTF_8), sys.lgetxattr(d, "trusted.overlay.opaque").orElseThrow());
            assertTrue(sys.llistxattr(d).contains("trusted.overlay.opaque"));
            assertTrue(sys.lgetxattr(d, "trusted.none").isEmpty());

            Path wh = mnt.resolve("gone");
            sys.mknod(wh, FileModes.S_IFCHR | 0600, FileModes.makedev(0, 0));
            Map<String, Object> attrs = Files.readAttributes(wh, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            assertEquals(FileModes.S_IFCHR, ((Integer) attrs.get("mode")) & FileModes.S_IFMT);
            assertEquals(0L, attrs.get("rdev"));

            sys.lchown(wh, 1234, 5678);
            PosixFileAttributes pa = Files.readAttributes(wh, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertEquals("1234", pa.owner().getName());
            sys.lutimes(wh, 1_000_000_000L, 2_500_000_000L);
            assertEquals(2500, Files.getLastModifiedTime(wh, LinkOption.NOFOLLOW_LINKS).toMillis());
            sys.chmod(d, 01755);
            assertEquals(01755, ((Integer) Files.getAttribute(d, "unix:mode")) & 07777);
        } finally {
            sys.umount(mnt, MountFlags.MNT_DETACH);
        }
        assertFalse(sys.statfsType(mnt) == TMPFS_MAGIC && Files.exists(mnt.resolve("gone")));
    }

    @Test
    void statfs_sizeAndInodesOfTheFileSystem() {
        Path mnt = dir.resolve("sized");
        assertTrue(mnt.toFile().mkdir());
        sys.mount("tmpfs", mnt, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "size=1m,nr_inodes=100");
        try {
            Syscalls.FsSize f = sys.statfs(mnt);
            assertEquals(1L << 20, f.blocks() * f.blockSize());
            assertEquals(f.blocks(), f.blocksFree(), "nothing written");
            assertEquals(100, f.files());
            assertEquals(99, f.filesFree(), "the root directory's inode");
        } finally {
            sys.umount(mnt, MountFlags.MNT_DETACH);
        }
    }

    @Test
    void errorsCarryErrno() {
        SyscallException e = assertThrows(SyscallException.class, () -> sys.umount(dir.resolve("nope"), 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("umount " + dir.resolve("nope") + ": no such file or directory"));
    }

    @Test
    void processesAndPidfd() {
        int me = sys.getpid();
        assertEquals(ProcessHandle.current().pid(), me);
        assertTrue(sys.processExists(me));
        sys.kill(me, 0);
        assertFalse(sys.processExists(999_999));
        int fd = sys.pidfdOpen(me, 0);
        assertTrue(fd > 2);
        sys.pidfdSendSignal(fd, 0);
        sys.close(fd);
        assertEquals(0, sys.getuid());
    }

    @Test
    void pidfdSignal_reachesItsProcess_andFailsWithEsrchOnceItIsReaped() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        int fd = sys.pidfdOpen((int) p.pid(), 0);
        try {
            sys.pidfdSendSignal(fd, 15);
            assertEquals(128 + 15, exitOf(p));
            SyscallException e = assertThrows(SyscallException.class, () -> sys.pidfdSendSignal(fd, 15));
            assertEquals(Errno.ESRCH, e.errno());
        } finally {
            sys.close(fd);
            p.destroyForcibly();
        }
        SyscallException e = assertThrows(SyscallException.class, () -> sys.pidfdOpen((int) p.pid(), 0));
        assertEquals(Errno.ESRCH, e.errno());
    }

    private static int exitOf(Process p) throws InterruptedException {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("still running");
        }
        return p.exitValue();
    }
}
