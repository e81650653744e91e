package dev.jdock.daemon.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.archive.CraftedTar;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeRemover;
import dev.jdock.runtime.fs.TreeSize;
import dev.jdock.runtime.syscall.FileModes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Layer tars unpacked on a real directory: hostile names, links, devices, modes, depth, many files. */
class LayerUnpackerTest {
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;
    Path victim;

    @BeforeEach
    void hostFiles() throws IOException {
        victim = Files.writeString(tmp.resolve("victim"), "host file");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void removeDeepTrees() {
        TreeRemover.remove(tmp); // JUnit's own clean-up stops at PATH_MAX
    }

    static Stream<Arguments> maliciousTars() {
        return Stream.of(
                Arguments.of("dotdot", (Supplier<byte[]>) () -> new TestTars().raw("../evil", "x").build()),
                Arguments.of("absolute dotdot",
                        (Supplier<byte[]>) () -> new TestTars().raw("/abs/../../evil", "x").build()),
                Arguments.of("symlink to /etc then through it", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "/etc").file("a/passwd", "pwned").build()),
                Arguments.of("symlink to .. then through it", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "..").file("a/x", "pwned").build()),
                Arguments.of("symlink to .. then a directory through it", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "../..").dir("a/evil").build()),
                Arguments.of("directory replaced by a symlink, then through it", (Supplier<byte[]>) () ->
                        new TestTars().dir("d").file("d/f", "1").symlink("d", "/").file("d/evil", "x").build()),
                Arguments.of("hardlink outside", (Supplier<byte[]>) () -> new TestTars()
                        .hardlink("h", "../../etc/passwd").build()),
                Arguments.of("hardlink through a symlink", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("s", "/etc").hardlink("h", "s/passwd").build()),
                Arguments.of("hardlink to a missing file", (Supplier<byte[]>) () -> new TestTars()
                        .hardlink("h", "nothing").build()),
                Arguments.of("whiteout through symlink", (Supplier<byte[]>) () -> new TestTars()
                        .symlink("a", "/etc").file("a/.wh.passwd", "").build()),
                Arguments.of("file then a directory below it", (Supplier<byte[]>) () -> new TestTars()
                        .file("f", "x").file("f/g", "y").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maliciousTars")
    void maliciousEntry_refused_nothingLeftBehind(String name, Supplier<byte[]> tar) throws Exception {
        Path store = tmp.resolve("overlay");
        LayerStore layers = new LayerStore(store, new LayerUnpacker());
        EngineException e = assertThrows(EngineException.class,
                () -> layers.create(null, new ByteArrayInputStream(tar.get()), null, null));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("invalid tar entry"), e.getMessage());
        try (Stream<Path> s = Files.list(store)) {
            assertEquals(List.of(store.resolve("l")), s.toList());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(store, victim), s.sorted().toList(), "nothing was written beside the store");
        }
    }

    @Test
    void symlinkEntries_areKeptAsLinks_neverFollowed() throws IOException {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().symlink("v", victim.toString()).file("v", "replaced").symlink("w", victim.toString())
                .file("x", "x".getBytes(), 04777).build(), dir);
        assertEquals("host file", Files.readString(victim));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(victim)));
        assertEquals("replaced", Files.readString(dir.resolve("v")));
        assertEquals(victim, Files.readSymbolicLink(dir.resolve("w")));
    }

    @Test
    void absolutePath_isMadeRelative() {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("/etc/hostname", "h").build(), dir);
        assertTrue(Files.isRegularFile(dir.resolve("etc/hostname")));
    }

    @Test
    void whiteoutAndOpaque_becomeOverlayMarkers() throws Exception {
        assumeTrue(ROOT, "trusted.* xattrs need CAP_SYS_ADMIN");
        Path dir = tmp.resolve("d");
        unpack(new TestTars().dir("etc").file("etc/passwd", "p").file("etc/.wh.passwd", "").dir("opt")
                .file("opt/.wh..wh..opq", "").file("opt/new", "n").build(), dir);
        FileStat wh = stat(dir, "etc/passwd");
        assertTrue(wh.isWhiteout(), "char 0:0");
        try (Fd opt = Fs.open(dir.resolve("opt"), Fs.DIR)) {
            assertEquals("y", new String(Fs.getxattr(opt, "trusted.overlay.opaque").orElseThrow(),
                    StandardCharsets.US_ASCII));
        }
        assertFalse(Files.exists(dir.resolve("opt/.wh..wh..opq")));
        assertFalse(Files.exists(dir.resolve("etc/.wh.passwd")));
        assertTrue(Files.exists(dir.resolve("opt/new")));
    }

    @Test
    void diffId_isSha256OfUncompressedTar_forPlainGzipZstd() throws IOException {
        byte[] tar = new TestTars().dir("bin").file("bin/sh", "#!").build();
        Digest expected = Digest.sha256(tar);
        int i = 0;
        for (byte[] variant : List.of(tar, TestTars.gzip(tar), TestTars.zstd(tar))) {
            ByteArrayOutputStream tee = new ByteArrayOutputStream();
            UnpackResult r = new LayerUnpacker().unpack(new ByteArrayInputStream(variant),
                    Files.createDirectories(tmp.resolve("v" + i++)), tee);
            assertEquals(expected, r.diffId());
            assertEquals(tar.length, r.tarSize());
            assertArrayEquals(tar, tee.toByteArray());
        }
    }

    @Test
    void modesOwnersTimesAndSetuid_onTheFiles() throws IOException {
        assumeTrue(ROOT, "chown to other users needs root");
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("su", "x".getBytes(), 04755).dir("sticky", 01777).build(), dir);
        FileStat su = stat(dir, "su");
        assertEquals(1000, su.uid());
        assertEquals(1001, su.gid());
        assertEquals(04755, su.permissions(), "setuid survives the chown before it");
        assertEquals(01777, stat(dir, "sticky").permissions());
    }

    @Test
    void directoryTimes_areTheTarsAfterItsChildrenWereAdded() throws IOException {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().dirAt("a", 1_000_000).dirAt("a/b", 2_000_000).file("a/b/f", "x").file("a/g", "y")
                .file("top", "t").file("a/late", "z").build(), dir);
        assertEquals(FileTime.fromMillis(1_000_000_000L), Files.getLastModifiedTime(dir.resolve("a")));
        assertEquals(FileTime.fromMillis(2_000_000_000L), Files.getLastModifiedTime(dir.resolve("a/b")));
    }

    @Test
    void hardLinks_symlinks_devices_xattrs() throws Exception {
        assumeTrue(ROOT, "device nodes need CAP_MKNOD");
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("a", "same").hardlink("b", "a").symlink("s", "/etc/passwd")
                .charDevice("null", 1, 3).blockDevice("sda", 8, 0, 04660).fifo("pipe")
                .fileWithXattr("cap", "c", Map.of("user.k", "v")).build(), dir);
        assertTrue(stat(dir, "a").sameInode(stat(dir, "b")));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(dir.resolve("s")));
        FileStat dev = stat(dir, "null");
        assertEquals(FileModes.S_IFCHR | 0666, dev.mode());
        assertEquals(FileModes.makedev(1, 3), dev.rdev());
        assertEquals(FileModes.S_IFBLK | 04660, stat(dir, "sda").mode(), "modes are set on the device inode");
        assertEquals(FileModes.S_IFIFO | 0644, stat(dir, "pipe").mode());
        try (Fd cap = Fs.open(dir.resolve("cap"), Fs.O_RDONLY | Fs.O_NOFOLLOW)) {
            assertEquals("v", new String(Fs.getxattr(cap, "user.k").orElseThrow(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void laterEntryReplacesEarlierFile_andDirectory() throws Exception {
        Path dir = tmp.resolve("d");
        unpack(new TestTars().file("x", "one").symlink("x", "target").dir("d").file("d/in", "1").file("d", "now a file")
                .build(), dir);
        assertTrue(Files.isSymbolicLink(dir.resolve("x")));
        assertEquals("now a file", Files.readString(dir.resolve("d")));
    }

    @Test
    void deeperThanPathMax_isUnpacked() throws IOException {
        int depth = 3000; // "dd/" x 3000: 9000 bytes of path
        CraftedTar t = new CraftedTar();
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            name.append(i == 0 ? "" : "/").append("dd");
            t.dir(name.toString());
        }
        t.file(name + "/bottom", "deep");
        t.hardlink("top-link", name + "/bottom");
        t.hardlink(name + "/bottom-link", "top-link");
        Path dir = tmp.resolve("d");
        UnpackResult r = unpack(t.build(), dir);
        assertEquals(4, r.contentSize());
        try (Fd d = Fs.open(dir, Fs.O_PATH | Fs.O_DIRECTORY)) {
            assertEquals(3, Fs.stat(d, "top-link").nlink());
        }
    }

    @Test
    void contentSize_isMobysDirectorySizeOfTheUnpackedLayer() throws IOException {
        byte[] tar = new CraftedTar()
                .dir("bin")
                .file("bin/busybox", "0123456789")
                .hardlink("bin/sh", "bin/busybox")
                .symlink("bin/ls", "busybox")
                .symlink("bin/été", "/bin/bußybox") // the target's length in UTF-8 bytes, as lstat's st_size
                .file("empty", "")
                .fifo("fifo", 0644)
                .build();
        Path dir = tmp.resolve("sized");
        UnpackResult r = unpack(tar, dir);
        assertEquals(10 + "busybox".length() + "/bin/bußybox".getBytes(StandardCharsets.UTF_8).length,
                r.contentSize());
        try (Fd d = Fs.open(dir, Fs.DIR)) {
            assertEquals(r.contentSize(), TreeSize.of(d).bytes(), "what moby's walk of the diff directory counts");
        }
    }

    @Test
    void manyFiles_areUnpacked() throws IOException {
        CraftedTar t = new CraftedTar();
        for (int d = 0; d < 20; d++) {
            t.dir("d" + d);
            for (int f = 0; f < 500; f++) {
                t.file("d" + d + "/f" + f, "x");
            }
        }
        Path dir = tmp.resolve("d");
        assertEquals(10_000, unpack(t.build(), dir).contentSize());
        try (Stream<Path> s = Files.list(dir.resolve("d19"))) {
            assertEquals(500, s.count());
        }
    }

    @Test
    void aHugeMetadataEntry_isRefusedBeforeItIsRead() throws IOException {
        // a PAX header announcing a 64 MiB path: refused from its 512-byte header, nothing of it is buffered
        byte[] header = TestTars.paxHeader(64L << 20);
        java.io.InputStream endless = new java.io.SequenceInputStream(new ByteArrayInputStream(header),
                new java.io.InputStream() {
                    @Override
                    public int read() {
                        return 'a';
                    }
                });
        Path dir = Files.createDirectories(tmp.resolve("d"));
        EngineException e = assertThrows(EngineException.class,
                () -> new LayerUnpacker().unpack(endless, dir, null));
        assertTrue(e.getMessage().contains("exceeds 4 MiB"), e.getMessage());
    }

    @Test
    void paxSizeRecords_areRead() {
        byte[] pax = "30 mtime=1350244992.023960108\n19 size=9999999999\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(9_999_999_999L, TarGuard.paxSize(pax));
        assertEquals(-1, TarGuard.paxSize("12 path=abc\n".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Go's reader: a header cut short is an unexpected EOF; zeros cut short (a missing end block) are the end. */
    @Test
    void aHeaderCutShort_isAnUnexpectedEof_zerosAreTheEnd() throws IOException {
        java.io.EOFException e = assertThrows(java.io.EOFException.class, () -> new TarGuard(
                new ByteArrayInputStream("notar\n".getBytes(StandardCharsets.US_ASCII))).readAllBytes());
        assertEquals("unexpected EOF", e.getMessage());
        assertEquals(700, new TarGuard(new ByteArrayInputStream(new byte[700])).readAllBytes().length);
        assertEquals(0, new TarGuard(new ByteArrayInputStream(new byte[0])).readAllBytes().length);
    }

    private static FileStat stat(Path dir, String rel) {
        try (Fd d = Fs.open(dir, Fs.O_PATH | Fs.O_DIRECTORY)) {
            return Fs.stat(d, rel);
        }
    }

    private UnpackResult unpack(byte[] tar, Path dir) {
        try {
            return new LayerUnpacker().unpack(new ByteArrayInputStream(tar), Files.createDirectories(dir), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
