package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathStatTest {
    @TempDir
    Path root;

    @Test
    void goFileModes() {
        assertEquals(2147484141L, PathStat.goMode(040755)); // os.ModeDir|0755, as the trace shows
        assertEquals(420L, PathStat.goMode(0100644));
        assertEquals((1L << 27) | 0777, PathStat.goMode(0120777));
        assertEquals((1L << 31) | (1L << 20) | 0777, PathStat.goMode(041777)); // /tmp: sticky
        assertEquals((1L << 26) | (1L << 21) | 0666, PathStat.goMode(020666)); // char device
        assertEquals((1L << 23) | 0755, PathStat.goMode(0104755));
    }

    @Test
    void headerIsBase64Json() throws IOException {
        Path f = Files.writeString(root.resolve("hostname"), "abcdef123456\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ContainerPathStat s;
        try (Fd dir = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY)) {
            s = PathStat.of(Fs.stat(dir, "hostname"), "hostname", "");
        }
        String json = new String(Base64.getDecoder().decode(s.encode()), StandardCharsets.UTF_8);
        assertTrue(json.matches("\\{\"name\":\"hostname\",\"size\":13,\"mode\":420,\"mtime\":\"[0-9T:.Z-]+\","
                + "\"linkTarget\":\"\"}"), json);
        assertEquals(s, ContainerPathStat.decode(s.encode()));
    }

    @Test
    void symlinkStatReportsTheResolvedTargetInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/x"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("etc/p"), Path.of("../etc/./passwd"));
        Files.writeString(root.resolve("etc/passwd"), "");
        try (Fd r = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY)) {
            ContainerPathStat x = stat(r, "/etc/x");
            assertEquals("/", x.linkTarget());
            assertEquals("x", x.name());
            assertTrue((x.mode() & ContainerPathStat.MODE_SYMLINK) != 0);
            assertEquals("/etc/passwd", stat(r, "/etc/p").linkTarget());
            ContainerPathStat followed = stat(r, "/etc/x/");
            assertTrue(followed.isDir());
            assertEquals("x", followed.name());
            ContainerPathStat slash = stat(r, "/");
            assertTrue(slash.isDir(), "the root is a directory, also for a running container's /proc/<pid>/root");
            assertEquals("/", slash.name());
        }
    }

    private static ContainerPathStat stat(Fd root, String path) {
        try (ArchivePath p = ArchivePath.resolve(root, path)) {
            return p.stat(root);
        }
    }
}
