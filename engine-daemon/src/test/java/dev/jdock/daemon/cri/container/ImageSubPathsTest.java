package dev.jdock.daemon.cri.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.daemon.cri.container.ImageSubPaths.Lookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSubPathsTest {
    @TempDir
    Path dir;
    private Path top;
    private Path bottom;

    @BeforeEach
    void layers() throws Exception {
        top = Files.createDirectories(dir.resolve("top"));
        bottom = Files.createDirectories(dir.resolve("bottom"));
        Files.createDirectories(bottom.resolve("etc/nginx"));
        Files.writeString(bottom.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(bottom.resolve("usr/sbin"));
        Files.writeString(bottom.resolve("usr/sbin/nginx"), "binary");
        Files.createDirectories(top.resolve("etc/app"));
    }

    private Lookup lookup(String sub) {
        return ImageSubPaths.lookup(List.of(top, bottom), sub);
    }

    @Test
    void aPathInAnyLayer_isFound_throughTheMergedDirectories() {
        assertEquals(Lookup.FOUND, lookup("etc"));
        assertEquals(Lookup.FOUND, lookup("etc/nginx"), "a lower layer's directory under a directory of both");
        assertEquals(Lookup.FOUND, lookup("etc/app"), "the top layer's");
        assertEquals(Lookup.FOUND, lookup("usr/sbin/nginx"), "a file");
        assertEquals(Lookup.FOUND, lookup("./etc//passwd"));
    }

    @Test
    void aPathNoLayerHas_orThroughAFile_isMissing() {
        assertEquals(Lookup.MISSING, lookup("not-existing"), "critest's sub path");
        assertEquals(Lookup.MISSING, lookup("etc/none"));
        assertEquals(Lookup.MISSING, lookup("etc/passwd/x"), "below a file");
    }

    @Test
    void aFileOverADirectory_hidesWhatIsBelowIt() throws Exception {
        Files.writeString(top.resolve("usr"), "a file now");
        assertEquals(Lookup.FOUND, lookup("usr"));
        assertEquals(Lookup.MISSING, lookup("usr/sbin/nginx"), "the lower directory is hidden");
    }

    @Test
    void aLink_isLeftToTheStart_andNeverFollowed() throws Exception {
        Files.createSymbolicLink(top.resolve("conf"), Path.of("/etc"));
        assertEquals(Lookup.UNKNOWN, lookup("conf"), "a link to outside the image: the start resolves it beneath");
        assertEquals(Lookup.UNKNOWN, lookup("conf/passwd"), "not the host's /etc/passwd");
        Files.createSymbolicLink(bottom.resolve("lib"), Path.of("/usr"));
        Files.createDirectories(top.resolve("lib"));
        assertEquals(Lookup.MISSING, lookup("lib/sbin"), "the lower layer's link under the top's directory: hidden");
    }

    @Test
    void aWhiteout_hidesTheLowerLayersEntry() throws Exception {
        Path wh = top.resolve("etc/passwd");
        Process p = new ProcessBuilder("mknod", wh.toString(), "c", "0", "0").start();
        assumeTrue(p.waitFor() == 0, "mknod needs root");
        assertEquals(Lookup.MISSING, lookup("etc/passwd"), "deleted in the top layer");
        assertEquals(Lookup.FOUND, lookup("etc/nginx"));
    }
}
