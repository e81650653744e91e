package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.archive.ChangesCalculator.Change;
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

/** Whiteouts and opaque directories are simulated with a fake probe (creating them needs root). */
class ChangesCalculatorTest {
    @TempDir
    Path tmp;
    Path upper;
    Path lower1;
    Path lower0;
    final Set<Path> whiteouts = new HashSet<>();
    final Set<Path> opaque = new HashSet<>();
    final OverlayProbe probe = new OverlayProbe() {
        @Override
        public boolean isWhiteout(Path p) {
            return whiteouts.contains(p);
        }

        @Override
        public boolean isOpaque(Path dir) {
            return opaque.contains(dir);
        }
    };

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
        whiteouts.add(p);
        return p;
    }

    private List<Change> changes() {
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
        List<Change> got = new java.util.ArrayList<>(changes());
        got.sort(java.util.Comparator.comparing(Change::path));
        assertEquals(List.of(
                new Change("/etc", ChangesCalculator.MODIFIED),
                new Change("/etc/passwd", ChangesCalculator.MODIFIED),
                new Change("/etc/y", ChangesCalculator.DELETED),
                new Change("/tmp", ChangesCalculator.MODIFIED),
                new Change("/tmp/x", ChangesCalculator.ADDED)), got);
    }

    @Test
    void aFileHiddenByAWhiteoutInAHigherLowerIsNew() throws IOException {
        write(upper, "gone/file");
        assertEquals(List.of(new Change("/gone", ChangesCalculator.ADDED),
                new Change("/gone/file", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void anOpaqueDirectoryReplacesTheLowerOne() throws IOException {
        copyUp("var");
        Path lib = Files.createDirectories(upper.resolve("var/lib"));
        opaque.add(lib);
        write(upper, "var/lib/new");
        Files.setLastModifiedTime(upper.resolve("var"), Files.getLastModifiedTime(lower0.resolve("var")));
        assertEquals(List.of(
                new Change("/var", ChangesCalculator.MODIFIED),
                new Change("/var/lib", ChangesCalculator.DELETED),
                new Change("/var/lib/new", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void lowerEntryLooksThroughLayersTopFirst() throws IOException {
        ChangesCalculator calc = new ChangesCalculator(probe);
        List<Path> lowers = List.of(lower1, lower0);
        assertEquals(lower1.resolve("etc/os-release"), calc.lowerEntry(lowers, "/etc/os-release"));
        assertEquals(lower0.resolve("etc/passwd"), calc.lowerEntry(lowers, "/etc/passwd"));
        assertEquals(null, calc.lowerEntry(lowers, "/gone/file"));
        assertEquals(null, calc.lowerEntry(lowers, "/gone"));
        Path opaqueEtc = Files.createDirectories(lower1.resolve("etc"));
        opaque.add(opaqueEtc);
        assertEquals(null, calc.lowerEntry(lowers, "/etc/passwd"));
    }

    @Test
    void aParentIsReportedBeforeAnAdditionInIt() throws IOException {
        Path t = Files.createDirectories(upper.resolve("tmp"));
        Files.setPosixFilePermissions(t, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        write(upper, "tmp/x");
        assertEquals(List.of(new Change("/tmp", ChangesCalculator.MODIFIED),
                new Change("/tmp/x", ChangesCalculator.ADDED)), changes());
    }

    @Test
    void nothingChanged() {
        assertEquals(List.of(), changes());
    }
}
