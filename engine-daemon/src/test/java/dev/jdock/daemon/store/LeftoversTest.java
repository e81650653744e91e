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

    /**
     * Only the temporary roots (direct entries of the archive directory) are unmounted, each with its whole tree:
     * never a bind below them, whose path runs through a volume a running container may share and swap for a
     * symlink to a host mount between the read of mountinfo and the umount.
     */
    @Test
    void archiveRoots_areTheDirectEntriesOnly_neverAPathThroughAContainersRoot() {
        String base = "/run/jdock/archive";
        List<String> mountinfo = List.of(
                "21 1 0:20 / /run rw,nosuid shared:5 - tmpfs tmpfs rw",
                "90 21 0:40 / /run/jdock/archive/0123456789ab-1 rw - overlay overlay rw,lowerdir=/x",
                "91 90 8:1 /v/_data /run/jdock/archive/0123456789ab-1/data rw - ext4 /dev/vda rw",
                "92 91 8:1 /w/_data/s /run/jdock/archive/0123456789ab-1/data/x rw - ext4 /dev/vda rw",
                "93 21 0:41 / /run/jdock/archive/image-7 ro - overlay overlay ro,lowerdir=/a:/b",
                "94 21 0:42 / /run/jdock/archive/with\\040space-2 rw - overlay overlay rw",
                "95 21 0:43 / /run/jdock/archivex/other rw - tmpfs tmpfs rw",
                "96 21 0:44 / /run/jdock/archive rw - tmpfs tmpfs rw");
        assertEquals(List.of("/run/jdock/archive/0123456789ab-1", "/run/jdock/archive/image-7",
                "/run/jdock/archive/with space-2"), Leftovers.archiveRoots(mountinfo, base));
    }
}
