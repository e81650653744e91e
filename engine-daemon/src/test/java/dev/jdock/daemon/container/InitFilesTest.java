package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.archive.ChangesCalculator;
import dev.jdock.daemon.archive.OverlayProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** moby's init layer files in a new container's upper directory, where the image has none. */
class InitFilesTest {
    @TempDir
    Path tmp;

    private ImageSource.Rootfs rootfs(Path... lowers) throws IOException {
        return new ImageSource.Rootfs(List.of(lowers), Files.createDirectories(tmp.resolve("upper")),
                tmp.resolve("work"));
    }

    @Test
    void write_dockerenv_whereTheImageHasNone_andItIsNoChange() throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower/etc"));
        ImageSource.Rootfs fs = rootfs(lower.getParent());
        InitFiles.write(fs);
        Path env = fs.upper().resolve(".dockerenv");
        assertEquals(0, Files.size(env));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        List<String> changes = new ChangesCalculator(OverlayProbe.kernel()).changes(fs.upper(), fs.lowerTopFirst())
                .stream().map(c -> c.kind() + " " + c.path()).toList();
        assertEquals(List.of(), changes, "not a change");
    }

    @Test
    void write_leavesTheImagesOwn_andALinkedEtcAlone() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a/etc"));
        Files.writeString(a.resolve("mtab"), "image's");
        Files.writeString(a.getParent().resolve(".dockerenv"), "x");
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.createSymbolicLink(b.resolve("etc"), Path.of("/private/etc"));
        ImageSource.Rootfs fs = rootfs(a.getParent());
        InitFiles.write(fs);
        assertFalse(Files.exists(fs.upper().resolve(".dockerenv"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(InitFiles.absent(List.of(b), "etc", "mtab"), "a symlinked /etc is the image's arrangement");
        assertTrue(InitFiles.absent(List.of(b), null, ".dockerenv"));
        assertFalse(InitFiles.absent(List.of(b, a.getParent()), null, ".dockerenv"), "found in a lower layer");
    }
}
