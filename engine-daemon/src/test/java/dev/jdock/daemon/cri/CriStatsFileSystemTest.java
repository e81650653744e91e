package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.stats.CriMetrics;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file system of a writable layer as ListPodSandboxMetrics reports it ({@code container_fs_*}). */
class CriStatsFileSystemTest {
    @TempDir
    Path tmp;


    @Test
    void fileSystem_theDeviceOfItsStDev_andStatfsSizeAndInodes_emptyWithoutADeviceName() throws IOException {
        Path layers = Files.createDirectories(tmp.resolve("layers"));
        long dev = ((Number) Files.getAttribute(layers, "unix:dev")).longValue();
        AtomicLong asked = new AtomicLong(-1);
        CriMetrics.DeviceNames names = (major, minor) -> {
            asked.set(FileModes.makedev(major, minor));
            return "/dev/test";
        };
        CriMetrics.FileSystem fs = CriStats.fileSystem(new LinuxSyscalls(), names, layers).orElseThrow();
        assertEquals(dev, asked.get(), "named by the device number of the directory's file system");
        assertEquals("/dev/test", fs.device());
        assertEquals(Files.getFileStore(layers).getTotalSpace(), fs.sizeBytes(), "statfs's size, as statvfs's");
        assertTrue(fs.inodesFree() <= fs.inodes(), fs.toString());
        assertEquals(Optional.empty(), CriStats.fileSystem(new LinuxSyscalls(), (major, minor) -> "", layers),
                "no block device (an overlay, a tmpfs): left out");
        assertEquals(Optional.empty(), CriStats.fileSystem(new LinuxSyscalls(), names, tmp.resolve("gone")));
    }
}
