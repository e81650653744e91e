package dev.jdock.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --exec-opt native.cgroupdriver=...} and daemon.json's {@code exec-opts}, as dockerd reads them. */
class CgroupDriverOptionTest {
    private static String driver(String... opts) {
        return new DaemonConfig(List.of(), Path.of("/d"), Path.of("/e"), Path.of("/p"), "info", "json-file", Map.of())
                .withExecOpts(List.of(opts)).cgroupDriver();
    }

    @Test
    void defaultIsCgroupfs() {
        assertEquals("cgroupfs", driver());
        assertEquals("cgroupfs", driver("native.cgroupdriver="));
        assertEquals("cgroupfs", driver("other=x", "novalue"));
    }

    @Test
    void systemd_keyInAnyCase_firstWins() {
        assertEquals("systemd", driver("native.cgroupdriver=systemd"));
        assertEquals("systemd", driver("Native.CgroupDriver = systemd", "native.cgroupdriver=cgroupfs"));
        assertEquals("cgroupfs", driver("native.cgroupdriver=cgroupfs"));
    }

    @Test
    void otherDrivers_dockerdsMessages() {
        assertEquals("native.cgroupdriver option foo not supported",
                assertThrows(IllegalArgumentException.class, () -> driver("native.cgroupdriver=foo")).getMessage());
        assertEquals("native.cgroupdriver option none is internally used and cannot be specified manually",
                assertThrows(IllegalArgumentException.class, () -> driver("native.cgroupdriver=none")).getMessage());
    }

    @Test
    void daemonJson_execOpts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, "{\"exec-opts\": [\"native.cgroupdriver=systemd\"]}");
        assertEquals(List.of("native.cgroupdriver=systemd"), DaemonConfig.FileConfig.read(file).execOpts());
    }
}
