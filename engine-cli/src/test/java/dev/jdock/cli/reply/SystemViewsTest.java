package dev.jdock.cli.reply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.types.system.SystemInfo;
import dev.jdock.api.types.system.SystemVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code version} and {@code info} read what the daemon's records write. */
class SystemViewsTest {

    private static Object wire(Object record) throws Exception {
        return MiniJson.parse(Json.mapper().writeValueAsBytes(record));
    }

    @Test
    void version_platformComponentsAndEngineDetails() throws Exception {
        SystemVersion v = new SystemVersion(new SystemVersion.Platform("jdock"),
                List.of(new SystemVersion.Component("Engine", "28.2.2", Map.of(
                        SystemVersionView.EngineDetails.API_VERSION, "1.50",
                        SystemVersionView.EngineDetails.OS, "linux")),
                        new SystemVersion.Component("runc", "1.1", null)),
                "28.2.2", "1.50", "1.24", "abc", "java17", "linux", "amd64", null, null, null);
        SystemVersionView view = new SystemVersionView(wire(v));
        assertEquals("jdock", view.platformName());
        List<SystemVersionView.Component> cs = view.components();
        assertEquals(List.of("Engine", "28.2.2", "runc", "1.1"),
                List.of(cs.get(0).name(), cs.get(0).version(), cs.get(1).name(), cs.get(1).version()));
        assertEquals("1.50", cs.get(0).detail(SystemVersionView.EngineDetails.API_VERSION));
        assertEquals("", cs.get(0).detail(SystemVersionView.EngineDetails.BUILD_TIME));
        assertEquals(Map.of(), cs.get(1).details());
    }

    @Test
    void info_fieldsInfoShows() throws Exception {
        SystemInfo i = Json.mapper().readValue(("{\"ID\":\"x\",\"Containers\":3,\"ContainersRunning\":1,"
                + "\"ContainersPaused\":0,\"ContainersStopped\":2,\"Images\":4,\"Driver\":\"overlay2\","
                + "\"DriverStatus\":[[\"Backing Filesystem\",\"extfs\"]],\"Runtimes\":{\"runc\":{},\"jdock\":{}},"
                + "\"Swarm\":{\"LocalNodeState\":\"inactive\"},\"NCPU\":2,\"MemTotal\":1024,\"Debug\":true,"
                + "\"Warnings\":[\"w1\"]}").getBytes(), SystemInfo.class);
        SystemInfoView v = new SystemInfoView(wire(i));
        assertEquals(List.of(3L, 1L, 0L, 2L, 4L, 2L, 1024L), List.of(v.containers(), v.containersRunning(),
                v.containersPaused(), v.containersStopped(), v.images(), v.ncpu(), v.memTotal()));
        assertEquals(List.of("x", "overlay2", "inactive"), List.of(v.id(), v.driver(), v.swarmState()));
        assertArrayEquals(new String[] {"Backing Filesystem", "extfs"}, v.driverStatus().get(0));
        assertEquals(List.of("runc", "jdock"), v.runtimeNames());
        assertEquals(true, v.debug());
        assertEquals(List.of("w1"), v.warnings());
    }

    /** docker's `system df -v` lists the build cache by last use, oldest first (checked against docker 28.2.2). */
    @Test
    void buildCache_inDockersOrder_byLastUse() throws Exception {
        Object json = MiniJson.parse(("[{\"ID\":\"a\",\"CreatedAt\":\"2026-12-05T10:52:32.9Z\","
                + "\"LastUsedAt\":\"2026-12-05T10:52:36.8Z\",\"Description\":\"RUN x\",\"Parent\":\"sha256:p\"},"
                + "{\"ID\":\"b\",\"CreatedAt\":\"2026-12-05T10:52:33Z\",\"LastUsedAt\":\"2026-12-05T10:52:33Z\"},"
                + "{\"ID\":\"c\",\"CreatedAt\":\"2026-12-05T10:52:34Z\",\"LastUsedAt\":null}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<BuildCacheView> sorted = BuildCacheView.byLastUse(BuildCacheView.listOf(json));
        assertEquals(List.of("b", "c", "a"), sorted.stream().map(BuildCacheView::id).toList());
        assertEquals("RUN x", sorted.get(2).description());
        assertEquals("sha256:p", sorted.get(2).parent());
    }
}
