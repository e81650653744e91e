package dev.jdock.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.config.DaemonConfig;
import dev.jdock.daemon.config.LiveConfig;
import dev.jdock.daemon.config.ReloadableConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
    @TempDir
    Path tmp;

    private record Emitted(String type, String action, String actor, Map<String, String> attributes) {
    }

    private final List<Emitted> events = new ArrayList<>();

    private ConfigReloader reloader(Path file, ReloadableConfig.Flags flags, LiveConfig live) {
        return new ConfigReloader(file, flags, live, (t, a, id, attrs) -> events.add(new Emitted(t, a, id, attrs)),
                () -> "daemon-id", () -> "host1");
    }

    private static LiveConfig initial(Path file) throws Exception {
        return new LiveConfig(ReloadableConfig.of(DaemonConfig.FileConfig.read(file), ReloadableConfig.Flags.NONE)
                .validate());
    }

    @Test
    void reload_putsTheFileInForce_andEmitsDaemonReload_withTheNewValues() throws Exception {
        Path file = tmp.resolve("daemon.json");
        LiveConfig live = initial(file); // no file yet: the defaults
        Files.writeString(file, "{\"labels\":[\"env=test\"],\"max-concurrent-downloads\":1,"
                + "\"registry-mirrors\":[\"https://mirror.example\"],\"insecure-registries\":[\"10.0.0.0/8\"],"
                + "\"default-ulimits\":{\"nofile\":{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048}},"
                + "\"log-opts\":{\"max-size\":\"1m\"},\"debug\":true,\"hosts\":[\"unix:///ignored.sock\"]}");
        assertTrue(reloader(file, ReloadableConfig.Flags.NONE, live).reload());
        ReloadableConfig now = live.get();
        assertEquals(List.of("env=test"), now.labels());
        assertEquals(1, now.maxConcurrentDownloads());
        assertEquals(5, now.maxConcurrentUploads());
        assertEquals("1m", now.logOpts().get("max-size"));
        assertEquals("debug", now.effectiveLogLevel());
        assertEquals(1, events.size());
        Emitted e = events.get(0);
        assertEquals("daemon", e.type());
        assertEquals("reload", e.action());
        assertEquals("daemon-id", e.actor());
        assertEquals("host1", e.attributes().get("name"));
        assertEquals("[\"env=test\"]", e.attributes().get("labels"));
        assertEquals("[\"https://mirror.example\"]", e.attributes().get("registry-mirrors"));
        assertEquals("[\"10.0.0.0/8\"]", e.attributes().get("insecure-registries"));
        assertEquals("1", e.attributes().get("max-concurrent-downloads"));
        assertEquals("5", e.attributes().get("max-concurrent-uploads"));
        assertEquals("true", e.attributes().get("debug"));
        assertEquals("{\"nofile\":{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}}",
                e.attributes().get("default-ulimits"));
    }

    @Test
    void aBrokenFile_keepsTheConfigurationInForce_andEmitsNothing() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"labels\":[\"a=1\"]}");
        LiveConfig live = initial(file);
        ReloadableConfig before = live.get();
        Files.writeString(file, "{\"labels\":[\"a=2\"");
        assertFalse(reloader(file, ReloadableConfig.Flags.NONE, live).reload());
        Files.writeString(file, "{\"max-concurrent-uploads\":-1,\"labels\":[\"a=2\"]}");
        assertFalse(reloader(file, ReloadableConfig.Flags.NONE, live).reload());
        Files.writeString(file, "{\"log-opts\":{\"max-size\":\"lots\"}}");
        assertFalse(reloader(file, ReloadableConfig.Flags.NONE, live).reload());
        assertSame(before, live.get());
        assertTrue(events.isEmpty());
    }

    @Test
    void commandLineFlags_stillWin_overTheReloadedFile() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"debug\":false,\"log-level\":\"error\"}");
        ReloadableConfig.Flags flags = new ReloadableConfig.Flags(true, "warn");
        LiveConfig live = new LiveConfig(ReloadableConfig.of(DaemonConfig.FileConfig.read(file), flags));
        assertTrue(reloader(file, flags, live).reload());
        assertTrue(live.get().debug());
        assertEquals("warn", live.get().logLevel());
    }
}
