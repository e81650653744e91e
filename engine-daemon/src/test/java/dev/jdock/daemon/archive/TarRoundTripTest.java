package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeRemover;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TarWriter and ArchiveExtractor on real trees: names, links, ownership, Docker's rules, depth. */
class TarRoundTripTest {
    @TempDir
    Path tmp;
    Path src;
    Path root;
    static final String LONG = "d".repeat(60) + "/" + "f".repeat(120);

    @BeforeEach
    void tree() throws IOException {
        src = Files.createDirectories(tmp.resolve("src/dir"));
        Files.writeString(src.resolve("a.txt"), "alpha");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/b"), "beta");
        Files.createSymbolicLink(src.resolve("link"), Path.of("/etc/passwd"));
        Files.createLink(src.resolve("hard"), src.resolve("a.txt"));
        Files.createDirectories(src.resolve(LONG).getParent());
        Files.writeString(src.resolve(LONG), "long");
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "container passwd");
        Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("/"));
    }

    @AfterEach
    void cleanUp() {
        TreeRemover.remove(tmp); // JUnit's own clean-up stops at PATH_MAX
    }

    static byte[] tarOf(Path dir, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out, null);
        try (Fd d = Fs.open(dir, Fs.O_PATH | Fs.O_DIRECTORY)) {
            w.addDirectory(d, name, "/" + name);
        }
        w.finish();
        return out.toByteArray();
    }

    static List<String> names(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : "")
                        + (e.isLink() ? " link " + e.getLinkName() : ""));
            }
        }
        return out;
    }

    /** Extracts into the container directory {@code dest} of {@link #root}. */
    void extract(String dest, boolean noOverwrite, ArchiveExtractor.Owner owner, byte[] tar) throws IOException {
        try (Fd r = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY);
                PathResolver.Resolved d = PathResolver.resolve(r, dest, true);
                Fd dir = d.openDirectory().orElseThrow()) {
            new ArchiveExtractor(r, dir, d.path(), noOverwrite, owner).extract(new ByteArrayInputStream(tar));
        }
    }

    @Test
    void aDirectoryIsRootedAtItsName() throws IOException {
        List<String> n = names(tarOf(src, "dir"));
        assertEquals("dir/", n.get(0));
        assertTrue(n.contains("dir/a.txt"), n.toString());
        assertTrue(n.contains("dir/hard link dir/a.txt"), n.toString());
        assertTrue(n.contains("dir/link -> /etc/passwd"), n.toString());
        assertTrue(n.contains("dir/" + LONG), n.toString());
        assertTrue(n.contains("dir/sub/b"), n.toString());
    }

    @Test
    void contentsOfUsesDotSlash() throws IOException {
        List<String> n = names(tarOf(src, "."));
        assertEquals("./", n.get(0));
        assertTrue(n.contains("./a.txt"), n.toString());
    }

    @Test
    void roundTrip() throws IOException {
        extract("/tmp", true, ArchiveExtractor.Owner.ROOT, tarOf(src, "dir"));
        Path out = root.resolve("tmp/dir");
        assertEquals("alpha", Files.readString(out.resolve("a.txt")));
        assertEquals("beta", Files.readString(out.resolve("sub/b")));
        assertEquals("long", Files.readString(out.resolve(LONG)));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(out.resolve("link")));
        assertTrue(Files.isSameFile(out.resolve("a.txt"), out.resolve("hard")));
        assertEquals(0, Files.getAttribute(out.resolve("a.txt"), "unix:uid"));
    }

    @Test
    void gzipIsAccepted() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(tarOf(src, "dir"));
        }
        extract("/tmp", false, ArchiveExtractor.Owner.ARCHIVE, gz.toByteArray());
        assertEquals("alpha", Files.readString(root.resolve("tmp/dir/a.txt")));
    }

    @Test
    void entriesThatClimbOutAreRefused() {
        assertThrows(EngineException.class, () -> extract("/tmp", false, ArchiveExtractor.Owner.ROOT,
                new CraftedTar().file("../../evil", "x").build()));
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void symlinksInTheContainerAreFollowedInsideTheRoot() throws IOException {
        // /etc/escape -> / : writing through it lands in the container's root, never the host's
        extract("/etc", false, ArchiveExtractor.Owner.ROOT, new CraftedTar().file("escape/tmp/inside", "x").build());
        assertEquals("x", Files.readString(root.resolve("tmp/inside")));
    }

    @Test
    void aSymlinkEntryThenEntriesThroughIt_stayInTheRoot() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("hostdir"));
        assertThrows(EngineException.class, () -> extract("/", false, ArchiveExtractor.Owner.ROOT,
                new CraftedTar().symlink("hostlink", host.toString()).file("hostlink/x", "x").build()),
                "the link's target does not exist in the root: an error, as Docker's");
        Files.createDirectories(root.resolve(host.toString().substring(1)));
        extract("/", false, ArchiveExtractor.Owner.ROOT, new CraftedTar().symlink("abs", "/")
                .symlink("hostlink", host.toString()).file("abs/tmp/one", "1").dir("hostlink/sub")
                .file("hostlink/sub/two", "2").build());
        assertEquals("1", Files.readString(root.resolve("tmp/one")));
        assertEquals("2", Files.readString(root.resolve(host.toString().substring(1) + "/sub/two")));
        try (var s = Files.list(host)) {
            assertEquals(0, s.count(), "the host directory the link names got nothing");
        }
    }

    @Test
    void aRelativeSymlinkAboveTheDestination_isRefusedAsByDocker() {
        EngineException e = assertThrows(EngineException.class, () -> extract("/tmp", false,
                ArchiveExtractor.Owner.ROOT, new CraftedTar().symlink("up", "../../etc").build()));
        assertTrue(e.getMessage().contains("invalid symlink \"/tmp/up\" -> \"../../etc\""), e.getMessage());
    }

    @Test
    void hardLinks_outsideRefused_throughALinkStayInTheRoot() throws IOException {
        Path hostFile = Files.writeString(tmp.resolve("hostfile"), "host");
        assertThrows(EngineException.class, () -> extract("/tmp", false, ArchiveExtractor.Owner.ROOT,
                new CraftedTar().hardlink("h", "../../../" + hostFile).build()));
        extract("/etc", false, ArchiveExtractor.Owner.ROOT,
                new CraftedTar().hardlink("h", "escape/etc/passwd").build());
        assertTrue(Files.isSameFile(root.resolve("etc/h"), root.resolve("etc/passwd")));
        assertEquals(1, Files.getAttribute(hostFile, "unix:nlink"));
    }

    @Test
    void modesAreSetOnTheNewInode_devicesFifosSetuid() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "v");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(root.resolve("tmp/su"), victim);
        extract("/tmp", false, ArchiveExtractor.Owner.ROOT, new CraftedTar().file("su", "x", 06777)
                .fifo("pipe", 04600).charDevice("null", 1, 3, 0666).dir("sticky", 01777).build());
        assertEquals(0600, stat(victim).permissions(), "a symlink in the way is replaced, never chmod-ed through");
        assertEquals(06777, stat(root.resolve("tmp/su")).permissions());
        assertTrue(stat(root.resolve("tmp/su")).isRegular());
        assertEquals(04600, stat(root.resolve("tmp/pipe")).permissions());
        assertEquals(0666, stat(root.resolve("tmp/null")).permissions());
        assertEquals(01777, stat(root.resolve("tmp/sticky")).permissions());
    }

    @Test
    void copyUidGid_ownerFromTheArchive() throws IOException {
        extract("/tmp", false, ArchiveExtractor.Owner.ARCHIVE, new CraftedTar().owner(1234, 5678).file("f", "x")
                .build());
        assertEquals(1234, stat(root.resolve("tmp/f")).uid());
        assertEquals(5678, stat(root.resolve("tmp/f")).gid());
    }

    static FileStat stat(Path p) {
        try (Fd d = Fs.open(p.getParent(), Fs.O_PATH | Fs.O_DIRECTORY)) {
            return Fs.stat(d, p.getFileName().toString());
        }
    }

    @Test
    void noOverwriteDirNonDir() throws IOException {
        Files.createDirectories(root.resolve("tmp/a.txt"));
        EngineException e = assertThrows(EngineException.class, () -> extract("/tmp", true,
                ArchiveExtractor.Owner.ROOT, new CraftedTar().file("a.txt", "x").build()));
        assertTrue(e.getMessage().startsWith("cannot overwrite directory"), e.getMessage());
        extract("/tmp", false, ArchiveExtractor.Owner.ROOT, new CraftedTar().file("a.txt", "x").build());
        assertTrue(Files.isRegularFile(root.resolve("tmp/a.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void deeperThanPathMax_extractedAndArchivedBack() throws IOException {
        int depth = 3000;
        CraftedTar t = new CraftedTar();
        StringBuilder name = new StringBuilder("top");
        t.dir("top");
        for (int i = 0; i < depth; i++) {
            name.append("/dd");
            t.dir(name.toString());
        }
        t.file(name + "/bottom", "deep");
        extract("/tmp", false, ArchiveExtractor.Owner.ROOT, t.build());
        List<String> n = names(tarOf(root.resolve("tmp/top"), "top"));
        assertEquals(depth + 2, n.size());
        assertEquals(name + "/bottom", n.get(n.size() - 1));
    }

    @Test
    void manyFiles() throws IOException {
        CraftedTar t = new CraftedTar();
        for (int i = 0; i < 5000; i++) {
            t.file("many/f" + i, "x");
        }
        extract("/tmp", false, ArchiveExtractor.Owner.ROOT, t.build());
        try (var s = Files.list(root.resolve("tmp/many"))) {
            assertEquals(5000, s.count());
        }
    }

    @Test
    void layerDiffWritesWhiteoutsAndOpaqueMarkers_withMobysHeaders() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Path y = Files.writeString(upper.resolve("etc/y"), "");
        Files.setAttribute(y, "unix:uid", 7);
        Files.setLastModifiedTime(y, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        long wh = (Long) Files.getAttribute(y, "unix:ino");
        long opq = (Long) Files.getAttribute(Files.createDirectories(upper.resolve("var")), "unix:ino");
        Files.setPosixFilePermissions(upper.resolve("var"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-x---"));
        Files.setAttribute(upper.resolve("var"), "unix:gid", 6);
        Files.writeString(upper.resolve("var/new"), "n");
        OverlayProbe probe = new OverlayProbe() {
            @Override
            public boolean isWhiteout(FileStat st) {
                return st.ino() == wh;
            }

            @Override
            public boolean isOpaque(Fd dir) {
                return Fs.stat(dir).ino() == opq;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out, probe);
        try (Fd d = Fs.open(upper, Fs.O_PATH | Fs.O_DIRECTORY)) {
            w.addDirectory(d, "", "/");
        }
        w.finish();
        assertEquals(List.of("etc/", "etc/.wh.y", "var/", "var/.wh..wh..opq", "var/new"), names(out.toByteArray()));
        // dockerd 20.10's commit: "-rw------- 7/0 <the device's mtime> etc/.wh.y" (overlayWhiteoutConverter), and
        // "-rwxr-x--- 0/6 1970-01-01 var/.wh..wh..opq" (the directory's permissions and owner, no mtime)
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextTarEntry()) != null;) {
                String h = Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + "/"
                        + e.getLongGroupId() + " " + e.getSize() + " " + e.isFile();
                if (e.getName().equals("etc/.wh.y")) {
                    assertEquals("600 7/0 0 true", h);
                    assertEquals(1_700_000_000_000L, e.getModTime().getTime());
                } else if (e.getName().equals("var/.wh..wh..opq")) {
                    assertEquals("750 0/6 0 true", h);
                    assertEquals(0L, e.getModTime().getTime());
                }
            }
        }
    }

    @Test
    void nonAsciiAndLongLinkNames_survive() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("odd"));
        Files.writeString(d.resolve("\u00e9t\u00e9 \u6f22\u5b57"), "u");
        Files.createSymbolicLink(d.resolve("l"), Path.of("/" + "t".repeat(300)));
        Set<String> n = new HashSet<>(names(tarOf(d, "odd")));
        assertTrue(n.contains("odd/\u00e9t\u00e9 \u6f22\u5b57"), n.toString());
        assertTrue(n.contains("odd/l -> /" + "t".repeat(300)), n.toString());
    }
}
