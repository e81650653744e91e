package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CgroupFs#REAL}'s descriptor walk, on a plain directory tree (no root needed). */
class CgroupFsTest {
    @TempDir
    Path tmp;

    @Test
    void mkdirs_makesEachNameAndKeepsExistingOnes() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("hier/a"));
        Path dir = CgroupFs.REAL.mkdirs(root.getParent(), List.of("a", "b", "c"));
        assertEquals(tmp.resolve("hier/a/b/c"), dir);
        assertTrue(Files.isDirectory(dir));
        assertEquals(dir, CgroupFs.REAL.mkdirs(root.getParent(), List.of("a", "b", "c")), "idempotent");
    }

    @Test
    void mkdirs_aSymlinkOnTheWayIsNeverFollowed() throws Exception {
        Path hier = Files.createDirectories(tmp.resolve("hier"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(hier.resolve("link"), outside);
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupFs.REAL.mkdirs(hier, List.of("link", "x")));
        assertTrue(e.getMessage().startsWith("open " + hier.resolve("link")), e.getMessage());
        assertFalse(Files.exists(outside.resolve("x")), "nothing made through the link");
        Files.createSymbolicLink(hier.resolve("dangling"), tmp.resolve("missing"));
        assertThrows(CgroupException.class, () -> CgroupFs.REAL.mkdirs(hier, List.of("dangling", "x")));
        assertFalse(Files.exists(tmp.resolve("missing")), "a dangling link is not made a directory");
        Files.writeString(hier.resolve("file"), "");
        assertThrows(CgroupException.class, () -> CgroupFs.REAL.mkdirs(hier, List.of("file", "x")));
    }

    /** A write the kernel refuses, in runc's words: {@code failed to write "100": write <file>: invalid argument}. */
    @Test
    void write_aFailure_inRuncsWords() throws Exception {
        Path f = tmp.resolve("cpu.cfs_quota_us");
        assertEquals("failed to write \"100\": write " + f + ": invalid argument",
                CgroupFs.failedWrite("100", f, new java.io.IOException("Invalid argument")));
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupFs.REAL.write(f, "100"));
        assertEquals("failed to write \"100\": write " + f + ": no such file or directory", e.getMessage());
    }
}
