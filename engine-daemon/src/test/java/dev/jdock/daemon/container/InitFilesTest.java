package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.archive.ChangesCalculator;
import dev.jdock.daemon.archive.OverlayProbe;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.FileModes;
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
    void write_leavesTheImagesOwnAlone_andAWhiteoutHidesALowerOne() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve(".dockerenv"), "x");
        Path b = Files.createDirectories(tmp.resolve("b"));
        ImageSource.Rootfs fs = rootfs(a);
        InitFiles.write(fs);
        assertFalse(Files.exists(fs.upper().resolve(".dockerenv"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(InitFiles.absent(List.of(b), ".dockerenv"));
        assertFalse(InitFiles.absent(List.of(b, a), ".dockerenv"), "found in a lower layer");
        Path w = Files.createDirectories(tmp.resolve("w"));
        try (Fd d = Fs.open(w, Fs.DIR)) {
            Fs.mknodat(d, ".dockerenv", FileModes.S_IFCHR | 0600, 0); // overlay's whiteout
        }
        assertTrue(InitFiles.absent(List.of(w, a), ".dockerenv"), "a whiteout above hides the lower one");
    }
}
