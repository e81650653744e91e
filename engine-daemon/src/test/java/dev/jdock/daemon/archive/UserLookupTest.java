package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code COPY --chown} and {@code cp -a} owners, looked up in a root's own files. */
class UserLookupTest {
    @TempDir
    Path root;

    private ArchiveExtractor.Owner owner(String user) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nnode:x:1000:1001::/:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
        try (Fd fd = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY)) {
            return UserLookup.owner(fd, user);
        }
    }

    @Test
    void namesAndIds_areLookedUp_andUnlistedIdsTakenAsTheyAre() throws IOException {
        assertEquals(new ArchiveExtractor.Owner(1000, 1001, false), owner("node"));
        assertEquals(new ArchiveExtractor.Owner(1000, 50, false), owner("node:staff"));
        assertEquals(new ArchiveExtractor.Owner(7, 7, false), owner("7"));
        assertEquals(new ArchiveExtractor.Owner(7, 2147483647, false), owner("7:2147483647"));
    }

    @Test
    void idsPastAnInt_areNotFound_neverAnUnexpectedError() {
        // a build's COPY --chown=4294967295 (chown's -1) failed with a NumberFormatException: a 500 mid-stream
        for (String u : new String[] {"4294967295", "2147483648", "99999999999999999999", "0:4294967295"}) {
            EngineException e = assertThrows(EngineException.class, () -> owner(u), u);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        }
        EngineException e = assertThrows(EngineException.class, () -> owner("4294967295"));
        assertEquals("unable to find user 4294967295: no matching entries in passwd file", e.getMessage());
        e = assertThrows(EngineException.class, () -> owner("0:4294967296"));
        assertEquals("unable to find group 4294967296: no matching entries in group file", e.getMessage());
    }
}
