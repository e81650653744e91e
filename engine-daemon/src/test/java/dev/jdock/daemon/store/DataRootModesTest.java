package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootModesTest {

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static Path dir(Path p, String mode) throws IOException {
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private static Path file(Path p, String mode) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void apply_newRoots_areCreatedClosed(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("lib/jdock");
        Path exec = tmp.resolve("run/jdock");
        DataRootModes.apply(data, exec);
        assertEquals("rwx--x---", mode(data));
        assertEquals("rwx------", mode(exec));
        for (String d : DataRootModes.DATA_DIRS) {
            assertEquals("rwx------", mode(data.resolve(d)), d);
        }
        for (String d : DataRootModes.EXEC_DIRS) {
            assertEquals("rwx------", mode(exec.resolve(d)), d);
        }
    }

    /** A data root of an earlier jdock (0755 directories, 0644 state): closed at start, layer contents untouched. */
    @Test
    void apply_existingOpenRoot_isClosed_butLayerContentsKeepTheirModes(@TempDir Path tmp) throws IOException {
        Path data = dir(tmp.resolve("data"), "rwxr-xr-x");
        Path exec = dir(tmp.resolve("exec"), "rwxr-xr-x");
        Path layerFile = file(data.resolve("overlay/abc/diff/usr/bin/su"), "rwxr-xr-x");
        Files.setPosixFilePermissions(layerFile.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        dir(data.resolve("overlay"), "rwxr-xr-x");
        dir(data.resolve("overlay/abc"), "rwxr-xr-x");
        Path ctr = dir(data.resolve("containers/c1"), "rwxr-xr-x");
        Path config = file(ctr.resolve("config.json"), "rw-r--r--");
        Path state = file(ctr.resolve("state.json"), "rw-r--r--");
        Path hosts = file(ctr.resolve("hosts"), "rw-r--r--");
        Path log = file(ctr.resolve("c1-json.log"), "rw-r-----");
        Path engineId = file(data.resolve("engine-id"), "rw-r--r--");
        Path spec = file(exec.resolve("containers/c1/spec"), "rw-r--r--");
        Path execSpec = file(exec.resolve("exec/e1/spec"), "rw-r--r--");
        Path elsewhere = file(tmp.resolve("elsewhere"), "rw-r--r--");
        Files.createSymbolicLink(ctr.resolve("exit"), elsewhere); // never followed

        DataRootModes.apply(data, exec);

        assertEquals("rwx--x---", mode(data));
        assertEquals("rwx------", mode(data.resolve("overlay")));
        assertEquals("rwx------", mode(data.resolve("containers")));
        assertEquals("rwx------", mode(ctr));
        assertEquals("rw-------", mode(config));
        assertEquals("rw-------", mode(state));
        assertEquals("rw-------", mode(engineId));
        assertEquals("rw-r--r--", mode(hosts), "bind-mounted into the container, read there by any user");
        assertEquals("rw-r-----", mode(log));
        assertEquals("rwx------", mode(exec));
        assertEquals("rwx------", mode(spec.getParent()));
        assertEquals("rw-------", mode(spec));
        assertEquals("rw-------", mode(execSpec));
        assertEquals("rw-r--r--", mode(elsewhere));
        assertEquals("rwxr-xr-x", mode(data.resolve("overlay/abc")), "no walk below the top level");
        assertEquals("rwxr-xr-x", mode(layerFile));
        assertTrue(Files.isSymbolicLink(ctr.resolve("exit")));
    }
}
