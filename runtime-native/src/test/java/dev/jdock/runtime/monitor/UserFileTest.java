package dev.jdock.runtime.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFileTest {

    @Test
    void parse_readsUidGidAndTheGroups_asTheMonitorWritesThem() {
        assertEquals(Optional.of(new UserFile.Identity(1000, 3000, List.of(3000L, 4000L, 50000L))),
                UserFile.parse("1000 3000 3000 4000 50000\n"));
        assertEquals(Optional.of(new UserFile.Identity(0, 0, List.of())), UserFile.parse("0 0\n"));
        assertEquals(Optional.of(new UserFile.Identity(4294967295L, 0, List.of(0L))),
                UserFile.parse("4294967295 0 0\n"));
    }

    @Test
    void parse_refusesWhatTheMonitorNeverWrites() {
        for (String bad : List.of("", "\n", "1000\n", "1000 3000", "1000  3000\n", "-1 0\n", "1000 3000 x\n",
                "4294967296 0\n", "1000 3000 \n", " 1000 3000\n", "1000 3000\n\n", "12345678901 0\n")) {
            assertEquals(Optional.empty(), UserFile.parse(bad), bad);
        }
    }

    @Test
    void read_missingOversizedOrALink_isNoIdentity(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(UserFile.NAME);
        assertEquals(Optional.empty(), UserFile.read(f));
        Files.writeString(f, "1 2 2\n");
        assertEquals(Optional.of(new UserFile.Identity(1, 2, List.of(2L))), UserFile.read(f));
        Files.writeString(f, "1 2" + " 2".repeat(UserFile.MAX_BYTES) + "\n");
        assertEquals(Optional.empty(), UserFile.read(f));
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "0 0 0\n");
        Files.delete(f);
        Files.createSymbolicLink(f, target);
        assertTrue(UserFile.read(f).isEmpty(), "a link is not followed");
    }
}
