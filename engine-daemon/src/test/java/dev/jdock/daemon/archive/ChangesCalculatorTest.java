package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whiteouts and opaque directories are simulated with a fake probe keyed by inode (creating them needs root). */
class ChangesCalculatorTest {
    @TempDir
    Path tmp;
    Path upper;
    Path lower1;
    Path lower0;
    final Set<Long> whiteouts = new HashSet<>();
    final Set<Long> opaque = new HashSet<>();
    final OverlayProbe probe = new OverlayProbe() {
        @Override
        public boolean isWhiteout(FileStat st) {
            return whiteouts.contains(st.ino());
        }

        @Override
        public boolean isOpaque(Fd dir) {
            return opaque.contains(Fs.stat(dir).ino());
        }
    };

    private static long inode(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @BeforeEach
    void layers() throws IOException {
        upper = Files.createDirectories(tmp.resolve("upper"));
        lower1 = Files.createDirectories(tmp.resolve("lower1"));
        lower0 = Files.createDirectories(tmp.resolve("lower0"));
        write(lower0, "etc/passwd");
        write(lower0, "etc/group");
        write(lower0, "etc/y");
        write(lower0, "var/lib/old/a");
        write(lower0, "gone/file");
        Files.createDirectories(lower0.resolve("tmp"));
        write(lower1, "etc/os-release");
        whiteout(lower1, "gone");
    }

    private static Path write(Path layer, String rel) throws IOException {
        Path p = layer.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, rel);
    }

    private Path whiteout(Path layer, String rel) throws IOException {
        Path p = write(layer, rel);
        whiteouts.add(inode(p));
        return p;
    }

    private List<FilesystemChange> changes() {
        return new ChangesCalculator(probe).changes(upper, List.of(lower1, lower0));
    }

    /** A copied-up directory keeps the lower's metadata. */
    private void copyUp(String rel) throws IOException {
        Path dir = Files.createDirectories(upper.resolve(rel));
        FileTime t = Files.getLastModifiedTime(lower0.resolve(rel));
        Files.setLastModifiedTime(dir, t);
    }

    @Test
    void addChangeDelete() throws IOException {
        copyUp("tmp");
        write(upper, "tmp/x");
        Files.setLastModifiedTime(upper.resolve("tmp"), Files.getLastModifiedTime(lower0.resolve("tmp")));
        copyUp("etc");
        write(upper, "etc/passwd");
        whiteout(upper, "etc/y");
        Files.setLastModifiedTime(upper.resolve("etc"), Files.getLastModifiedTime(lower0.resolve("etc")));
        // whether /etc comes before or after /etc/passwd depends on the directory sizes the file system reports
        List<FilesystemChange> got = new java.util.ArrayList<>(changes());
        got.sort(java.util.Comparator.comparing(FilesystemChange::path));
        assertEquals(List.of(
                new FilesystemChange("/etc", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/passwd", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/y", ChangesCalculator.DELETED),
                new FilesystemChange("/tmp", ChangesCalculator.MODIFIED),
                new FilesystemChange("/tmp/x", ChangesCalculator.ADDED)), got);
    }

    @Test
    void aFileHiddenByAWhiteoutInAHigherLowerIsNew() throws IOException {
        write(upper, "gone/file");
        assertEquals(List.of(new FilesystemChange("/gone", ChangesCalculator.ADDED),
                new FilesystemChange("/gone/file", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void anOpaqueDirectoryReplacesTheLowerOne() throws IOException {
        copyUp("var");
        Path lib = Files.createDirectories(upper.resolve("var/lib"));
        opaque.add(inode(lib));
        write(upper, "var/lib/new");
        Files.setLastModifiedTime(upper.resolve("var"), Files.getLastModifiedTime(lower0.resolve("var")));
        assertEquals(List.of(
                new FilesystemChange("/var", ChangesCalculator.MODIFIED),
                new FilesystemChange("/var/lib", ChangesCalculator.DELETED),
                new FilesystemChange("/var/lib/new", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void lowerLayersAreLookedThroughTopFirst() throws IOException {
        Path t = Files.createDirectories(upper.resolve("etc"));
        Files.setPosixFilePermissions(t, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        write(upper, "etc/os-release");
        write(upper, "etc/passwd");
        assertEquals(List.of(new FilesystemChange("/etc", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/os-release", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/passwd", ChangesCalculator.MODIFIED)), changes());
        opaque.add(inode(Files.createDirectories(lower1.resolve("etc"))));
        assertEquals(List.of(new FilesystemChange("/etc", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/os-release", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/passwd", ChangesCalculator.ADDED)), changes(), "an opaque lower hides those below");
    }

    @Test
    void aLowerFileHidesTheLowerDirectoriesBelowIt() throws IOException {
        write(lower1, "var"); // a file in the higher lower layer hides lower0's var/
        write(upper, "var/lib/old/a");
        assertEquals(List.of(new FilesystemChange("/var", ChangesCalculator.MODIFIED),
                new FilesystemChange("/var/lib", ChangesCalculator.ADDED),
                new FilesystemChange("/var/lib/old", ChangesCalculator.ADDED),
                new FilesystemChange("/var/lib/old/a", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void symlinksInTheUpperAreNeverFollowed() throws IOException {
        Files.createSymbolicLink(upper.resolve("escape"), Path.of("/"));
        Files.createSymbolicLink(upper.resolve("lowerlink"), lower0);
        assertEquals(List.of(new FilesystemChange("/escape", ChangesCalculator.ADDED),
                new FilesystemChange("/lowerlink", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void aParentIsReportedBeforeAnAdditionInIt() throws IOException {
        Path t = Files.createDirectories(upper.resolve("tmp"));
        Files.setPosixFilePermissions(t, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        write(upper, "tmp/x");
        assertEquals(List.of(new FilesystemChange("/tmp", ChangesCalculator.MODIFIED),
                new FilesystemChange("/tmp/x", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void nothingChanged() {
        assertEquals(List.of(), changes());
    }
}
