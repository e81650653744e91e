package dev.jdock.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.Ulimit;
import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReloadableConfigTest {
    private static ReloadableConfig config(List<String> labels, int downloads, int uploads, Map<String, Ulimit> ulimits,
            Map<String, String> logOpts) {
        return new ReloadableConfig(false, "info", labels, List.of(), List.of(), downloads, uploads, ulimits,
                "json-file", logOpts);
    }

    private static String refusal(ReloadableConfig c) {
        return assertThrows(EngineException.class, c::validate).getMessage();
    }

    @Test
    void absentOrZeroTransferLimits_areDockerdsDefaults() {
        DaemonConfig.FileConfig none = new DaemonConfig.FileConfig(null, null, null, null, null, null, null, null,
                null, null, null, null, null, 0, null, null, null, null, null, null, null, null, null, null, null);
        ReloadableConfig c = ReloadableConfig.of(none, ReloadableConfig.Flags.NONE);
        assertEquals(3, c.maxConcurrentDownloads());
        assertEquals(5, c.maxConcurrentUploads());
        assertEquals("info", c.effectiveLogLevel());
    }

    @Test
    void flags_winOverTheFile() {
        DaemonConfig.FileConfig file = new DaemonConfig.FileConfig(null, null, null, null, "error", false, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        ReloadableConfig c = ReloadableConfig.of(file, new ReloadableConfig.Flags(true, "warn"));
        assertTrue(c.debug());
        assertEquals("warn", c.logLevel());
        assertEquals("debug", c.effectiveLogLevel());
    }

    @Test
    void badValues_areRefused_withDockerdsMessages() {
        assertEquals("invalid max concurrent downloads: -1", refusal(config(List.of(), -1, 5, Map.of(), Map.of())));
        assertEquals("invalid max concurrent uploads: -2", refusal(config(List.of(), 3, -2, Map.of(), Map.of())));
        assertEquals("bad attribute format: novalue", refusal(config(List.of("novalue"), 3, 5, Map.of(), Map.of())));
        assertTrue(refusal(config(List.of("com.docker.x=1"), 3, 5, Map.of(), Map.of())).contains("reserved"));
        assertEquals("conflict labels for a=1 and a=2",
                refusal(config(List.of("a=1", "a=2"), 3, 5, Map.of(), Map.of())));
        assertEquals("invalid ulimit type: nofiles",
                refusal(config(List.of(), 3, 5, Map.of("nofiles", new Ulimit("nofiles", 1, 2)), Map.of())));
        assertEquals("ulimit soft limit must be less than or equal to hard limit: 3 > 2",
                refusal(config(List.of(), 3, 5, Map.of("nofile", new Ulimit("nofile", 3, 2)), Map.of())));
        assertTrue(refusal(config(List.of(), 3, 5, Map.of(), Map.of("max-size", "huge"))).contains("huge"));
        assertEquals("invalid logging level: loud", assertThrows(EngineException.class,
                () -> new ReloadableConfig(false, "loud", List.of(), List.of(), List.of(), 3, 5, Map.of(), null,
                        Map.of()).validate()).getMessage());
    }

    @Test
    void theSameLabelTwice_isKeptOnce() {
        ReloadableConfig c = config(List.of("a=1", "b=2", "a=1"), 3, 5, Map.of(), Map.of()).validate();
        assertEquals(List.of("a=1", "b=2"), c.labels());
    }

    @Test
    void defaultUlimits_takeTheirNameFromTheKey() {
        ReloadableConfig c = config(List.of(), 3, 5, Map.of("nproc", new Ulimit("", 10, 20)), Map.of()).validate();
        assertEquals(List.of(new Ulimit("nproc", 10, 20)), c.ulimits());
    }

    @Test
    void attributes_areDockerdsReloadEvent_andChangesNameWhatDiffers() {
        ReloadableConfig before = config(List.of(), 3, 5, Map.of(), Map.of());
        ReloadableConfig after = config(List.of("env=prod"), 1, 5, Map.of(), Map.of("max-file", "2"));
        Map<String, String> a = after.attributes();
        assertEquals("[\"env=prod\"]", a.get("labels"));
        assertEquals("[]", a.get("registry-mirrors"));
        assertEquals("[]", a.get("insecure-registries"));
        assertEquals("false", a.get("debug"));
        assertEquals("1", a.get("max-concurrent-downloads"));
        assertEquals("{\"max-file\":\"2\"}", a.get("log-opts"));
        assertEquals("true", a.get("live-restore"));
        assertEquals(List.of("labels: [] -> [\"env=prod\"]", "log-opts: {} -> {\"max-file\":\"2\"}",
                "max-concurrent-downloads: 3 -> 1"), after.changesFrom(before));
        assertEquals(List.of(), after.changesFrom(after));
    }
}
