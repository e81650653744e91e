package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * Kernel pseudo filesystems in an archived tree (a live root's /proc and /sys, or sysfs mounted where an image's
 * /sys symlink pointed) are archived as their mount point only, never entered: their files are kernel interfaces
 * that the daemon would read with its own privileges. The host's / and /proc stand for a container's tree here.
 */
class TarWriterPseudoFsTest {
    private static List<String> names(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName());
            }
        }
        return out;
    }

    @Test
    void addEntry_sysfsMountedBelow_isArchivedWithoutContents() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fd root = Fs.open(Path.of("/"), Fs.DIR)) {
            TarWriter tar = new TarWriter(out, null);
            tar.addEntry(root, "sys", "sys", "/sys");
            tar.finish();
        }
        assertEquals(List.of("sys/"), names(out.toByteArray()));
    }

    @Test
    void addDirectory_onProcfs_isArchivedWithoutContents() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fd dir = Fs.open(Path.of("/proc/self/fdinfo"), Fs.DIR)) {
            TarWriter tar = new TarWriter(out, null);
            tar.addDirectory(dir, "fdinfo", "/app/fdinfo");
            tar.finish();
        }
        assertEquals(List.of("fdinfo/"), names(out.toByteArray()));
    }
}
