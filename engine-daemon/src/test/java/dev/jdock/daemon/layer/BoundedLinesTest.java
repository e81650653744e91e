package dev.jdock.daemon.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/passwd and /etc/group of a container are read line by line, bounded, never past the file's size. */
class BoundedLinesTest {
    @TempDir
    Path tmp;

    @Test
    void find_regularFile_firstMatchingLine() throws IOException {
        Path f = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/h:\n");
        try (Fd fd = Fs.open(f, Fs.O_PATH)) {
            Optional<String[]> hit = BoundedLines.find(fd, "/etc/passwd", l -> l[0].equals("app"));
            assertTrue(hit.isPresent());
            assertArrayEquals(new String[] {"app", "x", "1000", "1000", "", "/h", ""}, hit.get());
        }
    }

    @Test
    void find_procfsFile_readsNoMoreThanItsSize() {
        // a live container root can link /etc/passwd to a procfs file: size 0 whatever it produces (/proc/kmsg
        // blocks for good and hands out the host's kernel log); /proc/self/status stands for it here
        try (Fd fd = Fs.open(Path.of("/proc/self/status"), Fs.O_PATH)) {
            assertFalse(BoundedLines.find(fd, "/etc/passwd", l -> l[0].equals("Name")).isPresent(),
                    "nothing past the file's size (0) is read");
        }
    }
}
