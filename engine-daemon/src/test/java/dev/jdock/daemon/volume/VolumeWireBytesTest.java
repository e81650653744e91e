package dev.jdock.daemon.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volume's bytes on the wire, pinned: the typed records must write exactly what was written before. */
class VolumeWireBytesTest {
    @TempDir
    Path root;

    /** A service over one volume whose driver reports the mountpoint {@code mountpoint}. */
    private VolumeService service(Volume v, String mountpoint) {
        VolumeStore store = new VolumeStore(root);
        store.add(v);
        VolumeDriver driver = new VolumeDriver() {
            public String name() {
                return "local";
            }

            public void validate(Map<String, String> options) {
            }

            public Path mountpoint(Volume x) {
                return Path.of(mountpoint);
            }

            public void mount(Volume x) {
            }

            public void unmount(Volume x) {
            }

            public void remove(Volume x) {
            }
        };
        return new VolumeService(store, List.of(driver), (type, action, id, attrs) -> { },
                n -> List.of("c1", "c2"));
    }

    @Test
    void info_labelsGiven_noUsage() throws Exception {
        Volume v = new Volume("gvol", "local", "2026-01-02T03:04:05Z", Map.of("a", "1"), Map.of());
        assertEquals("{\"CreatedAt\":\"2026-01-02T03:04:05Z\",\"Driver\":\"local\",\"Labels\":{\"a\":\"1\"},"
                + "\"Mountpoint\":\"/var/lib/docker/volumes/gvol/_data\",\"Name\":\"gvol\",\"Options\":{},"
                + "\"Scope\":\"local\"}",
                Json.mapper().writeValueAsString(service(v, "/var/lib/docker/volumes/gvol/_data").info(v)));
    }

    @Test
    void diskUsage_labelsNull_usageSizeThenRefCount() throws Exception {
        Volume dev = new Volume("v2", "local", "2026-01-02T03:04:05Z", null, Map.of("type", "tmpfs"));
        assertEquals("[{\"CreatedAt\":\"2026-01-02T03:04:05Z\",\"Driver\":\"local\",\"Labels\":null,"
                + "\"Mountpoint\":\"/m\",\"Name\":\"v2\",\"Options\":{\"type\":\"tmpfs\"},\"Scope\":\"local\","
                + "\"UsageData\":{\"Size\":-1,\"RefCount\":2}}]",
                Json.mapper().writeValueAsString(service(dev, "/m").diskUsage()));
    }
}
