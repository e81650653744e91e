package dev.jdock.daemon.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageContentTest {
    @TempDir
    Path tmp;
    /** Stand-ins (by inode) for overlay's 0:0 char devices and opaque xattrs, which need root to make. */
    final Set<Long> whiteouts = new HashSet<>();
    final Set<Long> opaque = new HashSet<>();

    private final ImageContent copier = new ImageContent(new ImageContent.Overlay() {
        @Override
        public boolean isWhiteout(FileStat st) {
            return whiteouts.contains(st.ino());
        }

        @Override
        public boolean isOpaque(Fd dir) {
            return opaque.contains(Fs.stat(dir).ino());
        }
    });

    private Path file(Path layer, String rel, String content) throws Exception {
        Path p = layer.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static long ino(Path p) throws Exception {
        return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    /** A relative destination (Config.Volumes {"rel": {}}, accepted by dockerd) is the root's: /rel. */
    @Test
    void relativePath_isTheRoots() throws Exception {
        Path lower = tmp.resolve("lower");
        file(lower, "rel/a.txt", "a");
        Path dest = Files.createDirectories(tmp.resolve("volume"));
        assertTrue(copier.copy(List.of(lower), "rel", dest));
        assertEquals("a", Files.readString(dest.resolve("a.txt")));
        Path other = Files.createDirectories(tmp.resolve("volume2"));
        assertFalse(copier.copy(List.of(lower), "[/v2,", other));
    }

    @Test
    void copiesTheMergedViewHonouringWhiteoutsAndOpaqueDirectories() throws Exception {
        Path lower = tmp.resolve("lower");
        Path upper = tmp.resolve("upper");
        Path container = tmp.resolve("container-upper");
        Files.createDirectories(container);
        file(lower, "usr/share/html/a.txt", "old a");
        Path b = file(lower, "usr/share/html/b.txt", "b");
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-r-----"));
        file(lower, "usr/share/html/gone.txt", "gone");
        file(lower, "usr/share/html/sub/c.txt", "hidden by opaque");
        Files.createSymbolicLink(lower.resolve("usr/share/html/link"), Path.of("b.txt"));
        file(lower, "usr/share/other/x", "not copied");
        file(upper, "usr/share/html/a.txt", "new a");
        whiteouts.add(ino(file(upper, "usr/share/html/gone.txt", "")));
        file(upper, "usr/share/html/sub/d.txt", "d");
        opaque.add(ino(upper.resolve("usr/share/html/sub")));

        Path dest = Files.createDirectories(tmp.resolve("volume"));
        assertTrue(copier.copy(List.of(container, upper, lower), "/usr/share/html", dest));

        assertEquals("new a", Files.readString(dest.resolve("a.txt")));
        assertEquals("b", Files.readString(dest.resolve("b.txt")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("b.txt"))));
        assertFalse(Files.exists(dest.resolve("gone.txt"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("d", Files.readString(dest.resolve("sub/d.txt")));
        assertFalse(Files.exists(dest.resolve("sub/c.txt")));
        assertEquals(Path.of("b.txt"), Files.readSymbolicLink(dest.resolve("link")));
        try (Stream<Path> s = Files.list(dest)) {
            assertEquals(4, s.count()); // a.txt, b.txt, link, sub: nothing from outside the path
        }
    }

    @Test
    void aWhiteoutOfTheDirectoryItselfHidesLowerContent() throws Exception {
        Path lower = tmp.resolve("lower");
        Path upper = tmp.resolve("upper");
        file(lower, "data/f", "x");
        whiteouts.add(ino(file(upper, "data", "")));
        Path dest = Files.createDirectories(tmp.resolve("volume"));
        assertFalse(copier.copy(List.of(upper, lower), "/data", dest));
        try (Stream<Path> s = Files.list(dest)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void symlinksInTheLayersAreNeverFollowed() throws Exception {
        Path lower = tmp.resolve("lower");
        Path secret = file(tmp, "host/secret", "host secret");
        Files.createDirectories(lower.resolve("data"));
        Files.createSymbolicLink(lower.resolve("data/escape"), tmp.resolve("host"));
        Files.createSymbolicLink(lower.resolve("link"), tmp.resolve("host"));
        Path dest = Files.createDirectories(tmp.resolve("volume"));
        assertTrue(copier.copy(List.of(lower), "/data", dest));
        assertEquals(tmp.resolve("host"), Files.readSymbolicLink(dest.resolve("escape")));
        Path dest2 = Files.createDirectories(tmp.resolve("volume2"));
        assertFalse(copier.copy(List.of(lower), "/link", dest2), "a symlink at the mount path is no directory");
        assertEquals("host secret", Files.readString(secret));
    }

    @Test
    void aDeepTreeIsCopied() throws Exception {
        Path lower = tmp.resolve("lower");
        Path deep = lower.resolve("data");
        for (int i = 0; i < 300; i++) {
            deep = deep.resolve("d");
        }
        file(lower, lower.relativize(deep).resolve("bottom").toString(), "deep");
        Path dest = Files.createDirectories(tmp.resolve("volume"));
        assertTrue(copier.copy(List.of(lower), "/data", dest));
        assertEquals("deep", Files.readString(dest.resolve(lower.resolve("data").relativize(deep)).resolve("bottom")));
    }
}
