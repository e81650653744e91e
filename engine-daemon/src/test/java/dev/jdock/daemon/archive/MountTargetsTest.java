package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that ran and changed nothing has, in its upper directory, /etc with the empty targets of its
 * resolv.conf, hostname and hosts mounts: its commit is no layer (dockerd 20.10 beside jdockd: an image of the
 * parent's layers, rmi deleting the image alone; jdockd's layer held an 'etc/' entry).
 */
class MountTargetsTest {
    @TempDir
    Path upper;

    private boolean skipped(String path, String name) {
        try (Fd top = Fs.open(upper, Fs.O_PATH | Fs.O_DIRECTORY)) {
            return MountTargets.isMountTargetOrItsParent(path, top, name, Fs.stat(top, name));
        }
    }

    @Test
    void etcWithOnlyTheMountTargets_isSkipped_untilItHoldsAChange() throws IOException {
        Path etc = Files.createDirectory(upper.resolve("etc"));
        for (String f : new String[] {"resolv.conf", "hostname", "hosts"}) {
            Files.createFile(etc.resolve(f));
        }
        assertTrue(skipped("/etc", "etc"));
        Files.writeString(etc.resolve("hosts"), "10.0.0.1 x\n"); // written by the container: a change
        assertFalse(skipped("/etc", "etc"));
        Files.writeString(etc.resolve("hosts"), "");
        Files.writeString(etc.resolve("motd"), "hi\n");
        assertFalse(skipped("/etc", "etc"), "a file of its own");
    }

    @Test
    void anotherDirectory_isNotAParentOfTargets() throws IOException {
        Files.createDirectory(upper.resolve("opt"));
        Files.createDirectory(upper.resolve("var"));
        assertFalse(skipped("/opt", "opt"));
        assertFalse(skipped("/var", "var"));
    }
}
