package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {
    @TempDir
    Path tmp;

    @Test
    void sweep_removesSpoolsExecDirsArchiveDirsAndStateTemps_keepsState() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path exec = Files.createDirectories(tmp.resolve("exec"));
        Path spool = Files.writeString(exec.resolve("commit-123.tar"), "layer");
        Path execDir = Files.createDirectories(exec.resolve("exec").resolve("e".repeat(64)));
        Files.writeString(execDir.resolve("monitor.pid"), "999999999\n"); // no such process: the exec is over
        Path archive = Files.createDirectories(exec.resolve("archive").resolve("0123456789ab-1"));
        Path ctr = Files.createDirectories(data.resolve("containers").resolve("c".repeat(64)));
        Path state = Files.writeString(ctr.resolve("state.json"), "{}");
        Path stateTemp = Files.writeString(ctr.resolve(".state.json.tmp-42-7"), "{");
        Path imageTemp = Files.writeString(Files.createDirectories(data.resolve("image")).resolve(
                ".repositories.json.tmp-42-9"), "");
        Path notOurs = Files.writeString(data.resolve("image").resolve(".hidden"), "kept");

        new Leftovers(data, exec, new RecordingSyscalls()).sweep();

        for (Path gone : List.of(spool, execDir, archive, stateTemp, imageTemp)) {
            assertFalse(Files.exists(gone), gone + " left");
        }
        assertTrue(Files.exists(state));
        assertTrue(Files.exists(notOurs));
        assertEquals("{}", Files.readString(state));
    }

    @Test
    void sweep_onAnEmptyOrMissingRoot_doesNothing() {
        new Leftovers(tmp.resolve("none"), tmp.resolve("nothing"), new RecordingSyscalls()).sweep();
        assertFalse(Files.exists(tmp.resolve("none")));
    }
}
