package dev.jdock.daemon.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.container.FakeContainers;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.CgroupStats;
import dev.jdock.runtime.cgroup.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StatsRouter} over the real server: containers from {@link FakeContainers}, cgroups from a fake manager,
 * the host from a fake /proc, and {@code ps} a script that prints what it was given.
 */
class StatsRouterTest {
    private static final String WEB_ID = FakeContainers.id("web");

    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private final FakeCgroups cgroups = new FakeCgroups();
    private RouterHarness api;

    @BeforeEach
    void start() throws Exception {
        containers.add("web", false, true);
        containers.add("idle", false, false);
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0\n"
                + "cpu1 50 0 50 400 0 0 0\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       2048 kB\n");
        Path ps = dir.resolve("ps");
        // as procps: -q (quick pid mode) cannot go with a forest listing (f)
        Files.writeString(ps, "#!/bin/sh\ncase \" $* \" in "
                + "*' f '*-q*) echo 'ps: -q cannot be used together with f' >&2; exit 1;; "
                + "*' bad '*) echo 'error: unknown option' >&2; exit 1;; esac\n"
                + "echo 'UID PID CMD'\necho \"root 4242 ps $*\"\necho 'root 1 init'\n");
        Files.setPosixFilePermissions(ps, PosixFilePermissions.fromString("rwx------"));
        api = RouterHarness.serve(dir, new StatsRouter(containers, cgroups, new StatsSampler(new HostInfo(proc), false),
                new ProcessTop(ps.toString())));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void oneShot_oneJsonLineFromTheContainersCgroup() throws Exception {
        cgroups.metrics.put(WEB_ID, new CgroupMetrics(5_000, List.of(), 3_000, 2_000, 0, 0, 0, 4096, 8192, 0, 0,
                Map.of("cache", 1L), 3, 100, List.of(), List.of()));
        Response r = api.get("/containers/web/stats?stream=0&one-shot=1");
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/json", r.header("Content-Type"));
        assertTrue(r.text().endsWith("}\n") && r.text().indexOf('\n') == r.text().length() - 1, r.text());
        JsonNode s = r.json();
        assertEquals("/web", s.path("name").asText());
        assertEquals(WEB_ID, s.path("id").asText());
        assertEquals(5_000, s.path("cpu_stats").path("cpu_usage").path("total_usage").asLong());
        assertEquals(2, s.path("cpu_stats").path("online_cpus").asInt());
        assertEquals(4096, s.path("memory_stats").path("usage").asLong());
        assertEquals(2048 * 1024, s.path("memory_stats").path("limit").asLong(), "no limit: the host's MemTotal");
        assertEquals(3, s.path("pids_stats").path("current").asLong());
        assertEquals(List.of(WEB_ID), cgroups.found);
    }

    @Test
    void notRunning_zeroSampleWithoutTouchingCgroups() {
        Response r = api.get("/containers/idle/stats?stream=false");
        assertEquals(200, r.status(), r.toString());
        assertEquals("/idle", r.json().path("name").asText());
        assertEquals(0, r.json().path("cpu_stats").path("cpu_usage").path("total_usage").asLong());
        assertEquals(List.of(), cgroups.found);
    }

    @Test
    void streamAndOneShot_is400_unknownIs404() {
        Response r = api.get("/containers/web/stats?one-shot=1");
        assertEquals(400, r.status(), "stream defaults to true: " + r);
        assertEquals("cannot have stream=true and one-shot=true", r.message());
        r = api.get("/containers/nope/stats?stream=0");
        assertEquals(404, r.status());
        assertEquals("No such container: nope", r.message());
    }

    @Test
    void stream_isChunkedOneJsonLinePerSample() throws Exception {
        try (RouterHarness.Exchange ex = api.open("GET", "/containers/web/stats", Map.of(), null)) {
            assertEquals(200, ex.status());
            assertEquals("application/json", ex.header("Content-Type"));
            assertEquals("chunked", ex.header("Transfer-Encoding"));
            byte[] first = ex.nextChunk();
            assertNotNull(first);
            String line = new String(first, StandardCharsets.UTF_8);
            assertTrue(line.endsWith("}\n"), line);
            assertEquals(WEB_ID, Json.mapper().readTree(line).path("id").asText());
        }
    }

    @Test
    void top_psArgsPassedOn_rowsOfTheCgroupOnly_event() {
        cgroups.pids.put(WEB_ID, List.of(4242));
        Response r = api.get("/containers/web/top?ps_args=" + "-o%20pid,comm");
        assertEquals(200, r.status(), r.toString());
        assertEquals("{\"Titles\":[\"UID\",\"PID\",\"CMD\"],"
                + "\"Processes\":[[\"root\",\"4242\",\"ps -o pid,comm -q4242\"]]}\n", r.text(),
                "the container's pids given to ps, as moby's psPidsArg");
        // the event follows the answer, as moby's
        RouterHarness.eventually(() -> assertEquals(List.of("event web top {}"), containers.calls));
        assertEquals("ps -ef -q4242", api.get("/containers/web/top").json().path("Processes").get(0).get(2).asText());
    }

    /** moby's containerTop: a ps that refuses -q with the client's options runs again without it. */
    @Test
    void top_psRefusingQuickPids_runsAgainWithout_itsErrorOtherwise() {
        cgroups.pids.put(WEB_ID, List.of(4243, 4242));
        Response r = api.get("/containers/web/top?ps_args=f");
        assertEquals(200, r.status(), r.toString());
        assertEquals("ps f", r.json().path("Processes").get(0).get(2).asText());
        assertEquals("-q4242,4243", ProcessTop.pidsArg(java.util.Set.of(4243, 4242)));
        r = api.get("/containers/web/top?ps_args=bad");
        assertEquals(500, r.status(), r.toString());
        assertEquals("ps: error: unknown option", r.message(), "the second run's first line");
    }

    @Test
    void top_notRunningOrNoCgroup_is409_unknownIs404() {
        Response r = api.get("/containers/idle/top");
        assertEquals(409, r.status());
        assertEquals("Container " + FakeContainers.id("idle") + " is not running", r.message());
        cgroups.missing = true;
        r = api.get("/containers/web/top");
        assertEquals(409, r.status());
        assertEquals("Container " + WEB_ID + " is not running", r.message());
        assertEquals(404, api.get("/containers/nope/top").status());
        assertEquals(List.of(), containers.calls, "no top event for a refused request");
    }

    /** Cgroups found by container ID, with canned metrics and pids. */
    private static final class FakeCgroups implements CgroupManager {
        final Map<String, CgroupMetrics> metrics = new HashMap<>();
        final Map<String, List<Integer>> pids = new HashMap<>();
        final List<String> found = new ArrayList<>();
        boolean missing;

        @Override
        public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
            throw new UnsupportedOperationException("create");
        }

        @Override
        public Optional<CgroupHandle> find(String containerId, CgroupParent parent) {
            found.add(containerId);
            return missing ? Optional.empty() : Optional.of(new Handle(containerId));
        }

        @Override
        public java.util.Optional<dev.jdock.runtime.cgroup.CgroupPressure> pressureOf(
                dev.jdock.runtime.cgroup.CgroupParent parent) {
            return java.util.Optional.empty();
        }

        @Override
        public CgroupMode mode() {
            return CgroupMode.V2;
        }

        private final class Handle implements CgroupHandle {
            private final String id;

            Handle(String id) {
                this.id = id;
            }

            @Override
            public String containerId() {
                return id;
            }

            @Override
            public List<Path> paths() {
                return List.of();
            }

            @Override
            public List<Path> procsFiles() {
                return List.of();
            }

            @Override
            public void addProcess(int pid) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void update(Resources resources) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void freeze() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void thaw() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Integer> pids() {
                return pids.getOrDefault(id, List.of());
            }

            @Override
            public CgroupStats stats() {
                throw new UnsupportedOperationException();
            }

            @Override
            public CgroupMetrics metrics() {
                return metrics.getOrDefault(id, CgroupMetrics.EMPTY);
            }

            @Override
            public void setDeviceRules(boolean allowAll, List<String> allow) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void destroy() {
                throw new UnsupportedOperationException();
            }
        }
    }
}
