package dev.jdock.daemon.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.api.RouterHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /info reads the reloadable settings at each request: a reload shows at the next one. */
class SystemInfoSettingsTest {
    @TempDir
    Path dir;

    private static final SystemBackend BACKEND = new SystemBackend() {
        @Override
        public int[] containerCounts() {
            return new int[4];
        }

        @Override
        public int imageCount() {
            return 0;
        }

        @Override
        public String cgroupDriver() {
            return "cgroupfs";
        }

        @Override
        public String cgroupVersion() {
            return "2";
        }

        @Override
        public boolean appArmor() {
            return false;
        }
    };

    @Test
    void info_showsDebugLabelsAndMirrors_asInForceNow() throws Exception {
        AtomicReference<SystemRouter.Settings> live = new AtomicReference<>(
                new SystemRouter.Settings(false, List.of(), RegistryInfo.of(List.of(), List.of())));
        try (RouterHarness h = RouterHarness.serve(dir, new SystemRouter(BACKEND, dir, "id", live::get))) {
            assertEquals(0, h.get("/info").json().get("Labels").size());
            live.set(new SystemRouter.Settings(true, List.of("env=prod"),
                    RegistryInfo.of(List.of("https://mirror.example"), List.of())));
            var info = h.get("/info").json();
            assertEquals("env=prod", info.get("Labels").get(0).asText());
            assertEquals(true, info.get("Debug").asBoolean());
            assertEquals("https://mirror.example/", info.get("RegistryConfig").get("Mirrors").get(0).asText());
        }
    }
}
