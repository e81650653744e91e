package dev.jdock.api.types.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.Golden;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PathStatGoldenTest {
    @Test
    void directoryAndSymlink_goFileModes_asDockerd() {
        ContainerPathStat dir = Golden.assertRoundTrip("path-stat-dir.json", ContainerPathStat.class);
        assertTrue(dir.isDir());
        assertEquals(ContainerPathStat.MODE_DIR | 0755, dir.mode());
        ContainerPathStat link = Golden.assertRoundTrip("path-stat-symlink.json", ContainerPathStat.class);
        assertFalse(link.isDir());
        assertEquals(ContainerPathStat.MODE_SYMLINK | 0777, link.mode());
        assertEquals("/bin/busybox", link.linkTarget());
    }

    @Test
    void header_isBase64OfTheJson() {
        ContainerPathStat s = new ContainerPathStat("sh", 12, ContainerPathStat.MODE_SYMLINK | 0777,
                "2026-01-02T03:00:01Z", "/bin/busybox");
        assertEquals(Golden.load("path-stat-symlink.json"),
                new String(Base64.getDecoder().decode(s.encode()), StandardCharsets.UTF_8) + "\n");
        assertEquals(s, ContainerPathStat.decode(s.encode()));
    }
}
