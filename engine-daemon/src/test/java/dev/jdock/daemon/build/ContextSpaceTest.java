package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts on a bounded tmpfs, and on the disk when it is full, taken or not there (needs root to mount). */
class ContextSpaceTest {
    private static final long KIB = 1024;
    private static final int INODES = 64;
    @TempDir
    Path tmp;
    private final Syscalls sys = new LinuxSyscalls();

    @BeforeEach
    void canMount() {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path probe = tmp.resolve("probe");
        try {
            Files.createDirectory(probe);
            sys.mount("tmpfs", probe, "tmpfs", 0, "size=4k");
            sys.umount(probe, MountFlags.MNT_DETACH);
        } catch (IOException | RuntimeException e) {
            assumeTrue(false, "cannot mount a tmpfs here: " + e.getMessage());
        }
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes, "UTF-8")) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                t.putArchiveEntry(e);
                t.write(f.getValue());
                t.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> files(int bigKib) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("Dockerfile", "FROM scratch\n".getBytes(StandardCharsets.UTF_8));
        m.put("dir/a.txt", "a".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[(int) (bigKib * KIB)];
        new Random(7).nextBytes(big);
        m.put("dir/big.bin", big);
        m.put("z.txt", "last".getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private ContextSpace space(long limit, long budget) {
        return new ContextSpace(tmp.resolve("contexts"), sys, limit, INODES, budget + INODES * KIB);
    }

    private static String fsType(Path p) throws IOException {
        return Files.getFileStore(p).type();
    }

    private static boolean mounted(Path p) throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + p + " ");
    }

    private static void assertFiles(Map<String, byte[]> want, BuildContext ctx) throws IOException {
        for (Map.Entry<String, byte[]> f : want.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(ctx.rootPath().resolve(f.getKey())), f.getKey());
        }
    }

    private long contextDirs() throws IOException {
        try (var s = Files.list(tmp.resolve("contexts"))) {
            return s.count();
        }
    }

    @Test
    void aSmallContextIsOnTmpfsUntilTheBuildEnds() throws IOException {
        ContextSpace space = space(1024 * KIB, 2048 * KIB);
        Map<String, byte[]> want = files(100);
        Path root;
        try (BuildContext ctx = space.receive(new ByteArrayInputStream(tar(want)))) {
            root = ctx.rootPath();
            assertEquals("tmpfs", fsType(root));
            assertFiles(want, ctx);
            assertEquals("FROM scratch\n", ctx.dockerfile("Dockerfile"));
            assertFalse(Files.exists(root.resolveSibling("spool")), "the spool goes once the context is in");
            assertEquals(space.cost(), space.reserved());
            assertEquals(1024 * KIB + INODES * KIB, space.cost(), "the tmpfs and 1 KiB per inode");
        }
        assertFalse(mounted(root), "unmounted");
        assertEquals(0, space.reserved());
        assertEquals(0, contextDirs());
    }

    @Test
    void aContextLargerThanItsTmpfsLandsWholeOnTheDisk() throws IOException {
        ContextSpace space = space(64 * KIB, 1024 * KIB);
        Map<String, byte[]> want = files(300);
        for (byte[] input : new byte[][] {tar(want), gzip(tar(want))}) {
            try (BuildContext ctx = space.receive(new ByteArrayInputStream(input))) {
                assertNotEquals("tmpfs", fsType(ctx.rootPath()));
                assertFalse(mounted(ctx.rootPath()));
                assertFiles(want, ctx);
                assertFalse(Files.exists(ctx.rootPath().resolveSibling("spool")));
                assertEquals(0, space.reserved(), "the tmpfs is given back when the context moves to the disk");
            }
            assertEquals(0, contextDirs());
        }
    }

    @Test
    void theBudgetSendsFurtherContextsToTheDisk() throws IOException {
        ContextSpace space = space(512 * KIB, 512 * KIB);
        Map<String, byte[]> want = files(10);
        try (BuildContext first = space.receive(new ByteArrayInputStream(tar(want)))) {
            assertEquals("tmpfs", fsType(first.rootPath()));
            try (BuildContext second = space.receive(new ByteArrayInputStream(tar(want)))) {
                assertNotEquals("tmpfs", fsType(second.rootPath()));
                assertFiles(want, second);
            }
        }
        try (BuildContext third = space.receive(new ByteArrayInputStream(tar(want)))) {
            assertEquals("tmpfs", fsType(third.rootPath()));
        }
    }

    @Test
    void badInputFailsAsOnTheDiskAndLeavesNothing() throws IOException {
        ContextSpace space = space(1024 * KIB, 1024 * KIB);
        byte[] bad = tar(Map.of("../escape", "x".getBytes(StandardCharsets.UTF_8)));
        assertThrows(EngineException.class, () -> space.receive(new ByteArrayInputStream(bad)));
        assertThrows(EngineException.class, () -> ContextSpace.onDisk(tmp.resolve("contexts"))
                .receive(new ByteArrayInputStream(bad)));
        assertEquals(0, space.reserved());
        assertEquals(0, contextDirs());
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.resolve("contexts").toString()));
    }

    @Test
    void aClientThatGoesAwayMidContextLeavesNothing() throws IOException {
        byte[] whole = tar(files(200));
        for (long limit : new long[] {1024 * KIB, 64 * KIB}) { // cut inside the tmpfs, and after it overflowed
            ContextSpace space = space(limit, 1024 * KIB);
            java.io.InputStream cut = new java.io.FilterInputStream(new ByteArrayInputStream(whole)) {
                private int left = 150 * 1024;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        throw new IOException("connection reset by peer");
                    }
                    int n = super.read(b, off, Math.min(len, left));
                    left -= Math.max(n, 0);
                    return n;
                }
            };
            EngineException e = assertThrows(EngineException.class, () -> space.receive(cut));
            assertTrue(e.getMessage().contains("connection reset by peer"), e.getMessage());
            assertEquals(0, space.reserved());
            assertEquals(0, contextDirs());
        }
    }

    @Test
    void aContextThatRewritesOneFileStillKeepsItsSpoolBounded() throws IOException {
        ContextSpace space = space(64 * KIB, 1024 * KIB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] last = null;
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes, "UTF-8")) {
            for (int i = 0; i < 10; i++) { // 400 KiB read, never more than 40 KiB on the tmpfs
                last = new byte[40 * 1024];
                java.util.Arrays.fill(last, (byte) i);
                TarArchiveEntry e = new TarArchiveEntry("same.bin");
                e.setSize(last.length);
                t.putArchiveEntry(e);
                t.write(last);
                t.closeArchiveEntry();
            }
        }
        try (BuildContext ctx = space.receive(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertNotEquals("tmpfs", fsType(ctx.rootPath()), "past twice the limit read, the disk takes over");
            assertArrayEquals(last, Files.readAllBytes(ctx.rootPath().resolve("same.bin")));
        }
        assertEquals(0, space.reserved());
    }

    @Test
    void sweepDetachesWhatAKilledDaemonLeftMounted() throws IOException {
        ContextSpace space = space(1024 * KIB, 1024 * KIB);
        BuildContext left = space.receive(new ByteArrayInputStream(tar(files(10))));
        Path root = left.rootPath();
        assertTrue(mounted(root));
        space(1024 * KIB, 1024 * KIB).sweep(); // the next daemon's boot
        assertFalse(mounted(root));
        assertEquals(0, contextDirs());
        left.close();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
