package dev.jdock.runtime.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.writeString(tmp.resolve("outside"), "host secret");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("hostfile"), outside);
        Files.createSymbolicLink(root.resolve("magic"), Path.of("/proc/self/root"));
    }

    private Fd rootFd() {
        return Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY);
    }

    private static String read(Fd fd) throws IOException {
        try (FileChannel ch = Fs.channel(fd, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            ch.read(b);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void openInRoot_absoluteAndDotDotSymlinks_stayInRoot() throws IOException {
        try (Fd r = rootFd(); Fd viaAbs = Fs.openInRoot(r, "abs/etc/passwd", Fs.O_RDONLY);
                Fd viaUp = Fs.openInRoot(r, "up/etc/passwd", Fs.O_RDONLY);
                Fd dotdot = Fs.openInRoot(r, "../../../../etc/passwd", Fs.O_RDONLY)) {
            assertTrue(read(viaAbs).startsWith("root:x:0:0::/root"));
            assertTrue(read(viaUp).startsWith("root:x:0:0::/root"));
            assertTrue(read(dotdot).startsWith("root:x:0:0::/root"));
        }
    }

    @Test
    void openInRoot_symlinkToHostPath_isResolvedInTheRoot() {
        try (Fd r = rootFd()) {
            SyscallException e = assertThrows(SyscallException.class,
                    () -> Fs.openInRoot(r, "hostfile", Fs.O_RDONLY).close());
            assertEquals(Errno.ENOENT, e.errno(), "the host path does not exist inside the root");
        }
    }

    @Test
    void openInRoot_procMagicLinks_refused() {
        try (Fd slash = Fs.open(Path.of("/"), Fs.O_PATH | Fs.O_DIRECTORY); Fd r = rootFd()) {
            for (String magic : List.of("proc/self/root/etc/hostname", "proc/self/fd/" + r.get(),
                    "proc/thread-self/cwd")) {
                SyscallException e = assertThrows(SyscallException.class,
                        () -> Fs.openInRoot(slash, magic, Fs.O_PATH).close(), magic);
                assertEquals(Errno.ELOOP, e.errno(), magic);
            }
        }
    }

    @Test
    void openat_noFollow_refusesSymlink() {
        try (Fd r = rootFd()) {
            SyscallException e = assertThrows(SyscallException.class,
                    () -> Fs.openat(r, "hostfile", Fs.O_RDONLY | Fs.O_NOFOLLOW, 0).close());
            assertEquals(Errno.ELOOP, e.errno());
            e = assertThrows(SyscallException.class, () -> Fs.openat(r, "abs", Fs.DIR, 0).close());
            assertTrue(e.is(Errno.ELOOP) || e.is(Errno.ENOTDIR), e.getMessage());
        }
    }

    @Test
    void nulInName_neverReachesTheKernel() {
        try (Fd r = rootFd()) {
            assertThrows(IllegalArgumentException.class, () -> Fs.openat(r, "..\0x", Fs.O_PATH, 0));
        }
    }

    @Test
    void createAndMetadata_onTheInode() throws IOException {
        try (Fd r = Fs.open(root, Fs.DIR)) {
            Fs.mkdirat(r, "d", 0700);
            Fs.mknodat(r, "fifo", FileModes.S_IFIFO | 0600, 0);
            Fs.symlinkat("/etc/shadow", r, "link");
            try (Fd d = Fs.openat(r, "d", Fs.DIR, 0); Fd fifo = Fs.openat(r, "fifo", Fs.O_PATH | Fs.O_NOFOLLOW, 0);
                    Fd link = Fs.openat(r, "link", Fs.O_PATH | Fs.O_NOFOLLOW, 0)) {
                Fs.chmod(d, 01777);
                Fs.chmod(fifo, 04640);
                assertEquals(01777, Fs.stat(r, "d").permissions());
                assertEquals(04640, Fs.stat(r, "fifo").permissions());
                assertThrows(SyscallException.class, () -> Fs.chmod(link, 0777));
                assertEquals("/etc/shadow", Fs.readlink(link));
                assertEquals("/etc/shadow", Fs.readlinkat(r, "link"));
                Fs.utimes(fifo, 1_000_000_001L, 2_000_000_002L);
                Fs.utimes(link, 3_000_000_000L, 4_000_000_000L);
                assertEquals(2_000_000_002L, Fs.stat(r, "fifo").mtimeNanos());
                assertEquals(4_000_000_000L, Fs.stat(r, "link").mtimeNanos());
                Fs.chown(link, 0, 0);
            }
        }
        assertTrue(Files.isSymbolicLink(root.resolve("link")));
    }

    @Test
    void stat_reportsTypeSizeAndLinks() throws IOException {
        Files.createLink(root.resolve("etc/hard"), root.resolve("etc/passwd"));
        try (Fd r = rootFd()) {
            FileStat p = Fs.stat(r, "etc/passwd");
            assertTrue(p.isRegular());
            assertEquals(Files.size(root.resolve("etc/passwd")), p.size());
            assertEquals(2, p.nlink());
            assertTrue(p.sameInode(Fs.stat(r, "etc/hard")));
            assertTrue(Fs.stat(r, "abs").isSymlink());
            assertFalse(Fs.statIfExists(r, "nope").isPresent());
            SyscallException e = assertThrows(SyscallException.class, () -> Fs.statIfExists(r, "etc/passwd/x"));
            assertEquals(Errno.ENOTDIR, e.errno(), "errno of the call, read without an exception");
        }
    }

    @Test
    void names_notUtf8_roundTrip() throws IOException {
        String odd = "caf\uDCE9-" + "\u00e9t\u00e9" + "\uD83D\uDE00";
        try (Fd r = Fs.open(root, Fs.DIR)) {
            Fs.mkdirat(r, odd, 0755);
            List<String> names = Fs.list(r).stream().map(DirEntry::name).toList();
            assertTrue(names.contains(odd), names.toString());
            Fs.unlinkat(r, odd, Fs.AT_REMOVEDIR);
        }
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xe9, 0}, Names.cstr("caf\uDCE9"));
    }

    @Test
    void list_manyEntries() throws IOException {
        Path big = Files.createDirectories(tmp.resolve("big"));
        for (int i = 0; i < 3000; i++) {
            Files.createFile(big.resolve("file-with-a-longish-name-" + i));
        }
        try (Fd d = Fs.open(big, Fs.DIR)) {
            assertEquals(3000, Fs.list(d).size());
            assertEquals(3000, Fs.list(d).size(), "a second listing starts at the beginning again");
        }
    }

    @Test
    void listFrom_readsABufferAtATime_andGoesOnFromItsOffset_onAnotherDescriptor() throws IOException {
        Path big = Files.createDirectories(tmp.resolve("batches"));
        for (int i = 0; i < 3000; i++) {
            Files.createFile(big.resolve("file-with-a-longish-name-" + i));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        int batches = 0;
        long next = 0;
        while (next >= 0) {
            try (Fd d = Fs.open(big, Fs.DIR)) { // a new descriptor each time: the offset alone says where
                List<DirEntry> one = new java.util.ArrayList<>();
                next = Fs.listFrom(d, next, one);
                assertTrue(one.size() < 3000, "one buffer, not the whole directory");
                one.forEach(e -> assertTrue(seen.add(e.name()), "each entry once: " + e.name()));
                batches++;
            }
        }
        assertEquals(3000, seen.size());
        assertTrue(batches > 2, "batches: " + batches);
        try (Fd d = Fs.open(big, Fs.DIR); Fd e = Fs.open(Files.createDirectories(tmp.resolve("none")), Fs.DIR)) {
            assertFalse(Fs.isEmptyDir(d));
            assertTrue(Fs.isEmptyDir(e));
        }
    }

    @Test
    void xattrs_onFileDirectoryAndDevice() throws IOException {
        try (Fd r = Fs.open(root, Fs.DIR); Fd etc = Fs.openat(r, "etc", Fs.DIR, 0)) {
            Fs.setxattr(etc, "user.k", "v".getBytes(StandardCharsets.UTF_8));
            assertEquals("v", new String(Fs.getxattr(etc, "user.k").orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(Fs.listxattr(etc).contains("user.k"));
            assertTrue(Fs.getxattr(etc, "user.none").isEmpty());
        }
    }

    @Test
    void getxattr_ofAnOPathDescriptor_readsItsInode_neverASymlinksTarget() throws IOException {
        try (Fd r = rootFd(); Fd f = Fs.openInRoot(r, "etc/passwd", Fs.O_RDONLY)) {
            Fs.setxattr(f, "user.p", "w".getBytes(StandardCharsets.UTF_8));
        }
        Files.createSymbolicLink(root.resolve("etc/pw"), Path.of("passwd"));
        try (Fd r = rootFd(); Fd f = Fs.openInRoot(r, "etc/passwd", Fs.O_PATH | Fs.O_NOFOLLOW);
                Fd etc = Fs.openInRoot(r, "etc", Fs.DIR); Fd l = Fs.openat(etc, "pw", Fs.O_PATH | Fs.O_NOFOLLOW, 0)) {
            assertEquals("w", new String(Fs.getxattr(f, "user.p").orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(Fs.getxattr(f, "user.none").isEmpty());
            SyscallException e = assertThrows(SyscallException.class, () -> Fs.getxattr(l, "user.p"));
            assertTrue(e.is(Errno.EBADF), e.getMessage());
        }
    }

    @Test
    void channel_readsTheInodeOfAnOPathDescriptor() throws IOException {
        try (Fd r = rootFd(); Fd f = Fs.openInRoot(r, "etc/passwd", Fs.O_PATH | Fs.O_NOFOLLOW)) {
            Files.delete(root.resolve("etc/passwd"));
            Files.createSymbolicLink(root.resolve("etc/passwd"), outside);
            assertTrue(read(f).startsWith("root:x:0:0"), "the opened inode, not the name's new target");
        }
        assertTrue(Files.isSymbolicLink(root.resolve("etc/passwd")));
        assertFalse(Files.isDirectory(root.resolve("etc/passwd"), LinkOption.NOFOLLOW_LINKS));
    }
}
