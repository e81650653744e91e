package dev.jdock.runtime.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitFileTest {

    @Test
    void read_missingFile_isEmpty(@TempDir Path dir) {
        assertTrue(ExitFile.read(dir.resolve("exit")).isEmpty());
    }

    @Test
    void read_codeTimeOomAndMessage(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("exit");
        Files.writeString(f, "127 2026-11-28T02:03:04.5Z 0\nexec: \"nope\": executable file not found in $PATH\n");
        ExitStatus s = ExitFile.read(f).orElseThrow();
        assertEquals(127, s.exitCode());
        assertEquals(Instant.parse("2026-11-28T02:03:04.500Z"), s.finishedAt());
        assertEquals(Optional.of("exec: \"nope\": executable file not found in $PATH"), s.error());
    }

    @Test
    void parse_oomKilledWithoutMessage() {
        ExitStatus s = ExitFile.parse("137 2026-11-28T02:03:04.123456789Z 1\n");
        assertEquals(137, s.exitCode());
        assertTrue(s.oomKilled());
        assertTrue(s.error().isEmpty());
    }
}
