package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingDirsTest {
    @TempDir
    Path root;

    @Test
    void aFileAsWorkingDir_isMobysCreateRefusal_aDirectoryOrNothingPasses() throws Exception {
        Path lower = Files.createDirectories(root.resolve("lower"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(lower.resolve("srv/app"));
        Files.createSymbolicLink(lower.resolve("app"), Path.of("/srv/app"));
        ImageSource.Rootfs fs = new ImageSource.Rootfs(List.of(lower), Files.createDirectories(root.resolve("up")),
                Files.createDirectories(root.resolve("work")));
        EngineException e = assertThrows(EngineException.class, () -> WorkingDirs.check(fs, "/etc/passwd"));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("Cannot mkdir: /etc/passwd is not a directory", e.getMessage());
        assertDoesNotThrow(() -> WorkingDirs.check(fs, "/srv/app"));
        assertDoesNotThrow(() -> WorkingDirs.check(fs, "/app"), "a symlink to a directory, inside the layers");
        assertDoesNotThrow(() -> WorkingDirs.check(fs, "/nosuch/dir"), "made at start");
        assertDoesNotThrow(() -> WorkingDirs.check(fs, ""));
    }
}
