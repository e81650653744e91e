package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarRoundTripTest {
    @TempDir
    Path tmp;
    Path src;
    Path root;
    final RecordingSyscalls sys = new RecordingSyscalls();
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
        Files.createSymbolicLink(root.resolve("etc/escape"), Path.of("/"));
    }

    private byte[] tarOf(Path dir, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out, null);
        w.addTree(dir, name);
        w.finish();
        return out.toByteArray();
    }

    private static List<String> names(byte[] tar) throws IOException {
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
        new ArchiveExtractor(sys, root, "/tmp", true, ArchiveExtractor.Owner.ROOT)
                .extract(new ByteArrayInputStream(tarOf(src, "dir")));
        Path out = root.resolve("tmp/dir");
        assertEquals("alpha", Files.readString(out.resolve("a.txt")));
        assertEquals("beta", Files.readString(out.resolve("sub/b")));
        assertEquals("long", Files.readString(out.resolve(LONG)));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(out.resolve("link")));
        assertTrue(Files.isSameFile(out.resolve("a.txt"), out.resolve("hard")));
        assertEquals(new RecordingSyscalls.Owner(0, 0), sys.owner(out.resolve("a.txt")).orElseThrow());
    }

    @Test
    void gzipIsAccepted() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(tarOf(src, "dir"));
        }
        new ArchiveExtractor(sys, root, "/tmp", false, ArchiveExtractor.Owner.ARCHIVE)
                .extract(new ByteArrayInputStream(gz.toByteArray()));
        assertEquals("alpha", Files.readString(root.resolve("tmp/dir/a.txt")));
    }

    private static byte[] tarWith(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(b.length);
            t.putArchiveEntry(e);
            t.write(b);
            t.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    @Test
    void entriesThatClimbOutAreRefused() {
        assertThrows(EngineException.class, () -> new ArchiveExtractor(sys, root, "/tmp", false,
                ArchiveExtractor.Owner.ROOT).extract(new ByteArrayInputStream(tarWith("../../evil", "x"))));
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void symlinksInTheContainerAreFollowedInsideTheRoot() throws IOException {
        // /etc/escape -> / : writing through it lands in the container's root, never the host's
        new ArchiveExtractor(sys, root, "/etc", false, ArchiveExtractor.Owner.ROOT)
                .extract(new ByteArrayInputStream(tarWith("escape/tmp/inside", "x")));
        assertEquals("x", Files.readString(root.resolve("tmp/inside")));
    }

    @Test
    void noOverwriteDirNonDir() throws IOException {
        Files.createDirectories(root.resolve("tmp/a.txt"));
        EngineException e = assertThrows(EngineException.class, () -> new ArchiveExtractor(sys, root, "/tmp",
                true, ArchiveExtractor.Owner.ROOT).extract(new ByteArrayInputStream(tarWith("a.txt", "x"))));
        assertTrue(e.getMessage().startsWith("cannot overwrite directory"), e.getMessage());
        new ArchiveExtractor(sys, root, "/tmp", false, ArchiveExtractor.Owner.ROOT)
                .extract(new ByteArrayInputStream(tarWith("a.txt", "x")));
        assertTrue(Files.isRegularFile(root.resolve("tmp/a.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void layerDiffWritesWhiteoutsAndOpaqueMarkers() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Path wh = Files.writeString(upper.resolve("etc/y"), "");
        Path opq = Files.createDirectories(upper.resolve("var"));
        Files.writeString(upper.resolve("var/new"), "n");
        OverlayProbe probe = new OverlayProbe() {
            @Override
            public boolean isWhiteout(Path p) {
                return p.equals(wh);
            }

            @Override
            public boolean isOpaque(Path dir) {
                return dir.equals(opq);
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out, probe);
        w.addTree(upper, "");
        w.finish();
        assertEquals(List.of("etc/", "etc/.wh.y", "var/", "var/.wh..wh..opq", "var/new"), names(out.toByteArray()));
    }
}
