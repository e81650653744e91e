package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.LogConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    @Test
    void humanDuration_followsDockerUnits() {
        assertEquals("Less than a second", ContainerViews.humanDuration(Duration.ofMillis(300)));
        assertEquals("1 second", ContainerViews.humanDuration(Duration.ofSeconds(1)));
        assertEquals("59 seconds", ContainerViews.humanDuration(Duration.ofSeconds(59)));
        assertEquals("About a minute", ContainerViews.humanDuration(Duration.ofSeconds(61)));
        assertEquals("5 minutes", ContainerViews.humanDuration(Duration.ofMinutes(5)));
        assertEquals("About an hour", ContainerViews.humanDuration(Duration.ofMinutes(65)));
        assertEquals("3 hours", ContainerViews.humanDuration(Duration.ofHours(3)));
        assertEquals("3 days", ContainerViews.humanDuration(Duration.ofDays(3)));
    }

    @Test
    void statusText_runningExitedCreated() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        ContainerRunState running = ContainerRunState.created().running(42, 41, "2026-11-28T09:59:57Z");
        assertEquals("Up 3 seconds", ContainerViews.statusText(running, now));
        ContainerRunState exited = running.exited(3, "", "2026-11-28T09:55:00Z", false);
        assertEquals("Exited (3) 5 minutes ago", ContainerViews.statusText(exited, now));
        assertEquals("Created", ContainerViews.statusText(ContainerRunState.created(), now));
        assertEquals(ContainerStatus.EXITED, exited.status());
    }

    @Test
    void summary_timesFollowEachStateAndRecord(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(new ContainerRecord("a".repeat(64), "x", "2026-11-28T09:00:00.25Z", "sh",
                java.util.List.of(), "sha256:" + "b".repeat(64),
                dev.jdock.api.types.container.ContainerConfig.builder().build(),
                dev.jdock.api.types.container.HostConfig.builder().build()));
        ContainerViews views = new ContainerViews(id -> null, TestNeighbours.isolated(new FakeImages()));
        assertEquals("Created", views.summary(c).status());
        assertEquals(Instant.parse("2026-11-28T09:00:00Z").getEpochSecond(), views.summary(c).created());
        store.update(c, c.state().running(42, 41, Instant.now().minusSeconds(3 * 3600).toString()));
        assertEquals("Up 3 hours", views.summary(c).status());
        store.update(c, c.state().exited(3, "", Instant.now().minusSeconds(120).toString(), false));
        assertEquals("Exited (3) 2 minutes ago", views.summary(c).status());
        store.update(c, c.state().exited(4, "", ContainerRunState.ZERO_TIME, false));
        assertEquals("Exited (4)", views.summary(c).status());
        store.updateRecord(c, c.record().withName("y"));
        assertEquals(java.util.List.of("/y"), views.summary(c).names());
        assertEquals(Instant.parse("2026-11-28T09:00:00Z").getEpochSecond(), views.summary(c).created());
    }

    /** moby sets the paths of hostname, hosts, resolv.conf and the log at the first start (dockerd 20.10 beside). */
    @Test
    void inspect_filePathsEmptyUntilTheFirstStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(new ContainerRecord("a".repeat(64), "x", "2026-11-28T09:00:00.25Z", "sh",
                java.util.List.of(), "sha256:" + "b".repeat(64),
                dev.jdock.api.types.container.ContainerConfig.builder().build(),
                dev.jdock.api.types.container.HostConfig.builder().build()));
        ContainerViews views = new ContainerViews(id -> null, TestNeighbours.isolated(new FakeImages()));
        var created = views.inspect(c);
        assertEquals(java.util.List.of("", "", "", ""), java.util.List.of(created.hostnamePath(), created.hostsPath(),
                created.resolvConfPath(), created.logPath()));
        store.update(c, c.state().running(42, 41, "2026-11-28T09:00:01Z"));
        store.update(c, c.state().exited(0, "", "2026-11-28T09:00:02Z", false));
        var ran = views.inspect(c);
        assertEquals(c.dir().resolve("hostname").toString(), ran.hostnamePath(), "kept after the exit");
        assertEquals(c.dir().resolve("hosts").toString(), ran.hostsPath());
        assertEquals(c.dir().resolve("resolv.conf").toString(), ran.resolvConfPath());
        assertEquals(ContainerFiles.logPath(c).toString(), ran.logPath());
    }

    @Test
    void command_quotesAnArgumentWithASpace_asMobysList() {
        ContainerRecord r = new ContainerRecord("a".repeat(64), "x", "2026-11-28T09:00:00.25Z", "/bin/sh",
                java.util.List.of("-c", "sleep 300"), "sha256:" + "b".repeat(64),
                dev.jdock.api.types.container.ContainerConfig.builder().build(),
                dev.jdock.api.types.container.HostConfig.builder().build());
        assertEquals("/bin/sh -c 'sleep 300'", ContainerViews.command(r));
    }

    @Test
    void effectiveLogConfig_defaultsToJsonFileLikeDockerAtCreate() {
        assertEquals(new LogConfig("json-file", Map.of()), ContainerViews.effectiveLogConfig(null));
        assertEquals(new LogConfig("json-file", Map.of("max-size", "1m")),
                ContainerViews.effectiveLogConfig(new LogConfig("", Map.of("max-size", "1m"))));
        assertEquals(new LogConfig("none", Map.of()), ContainerViews.effectiveLogConfig(new LogConfig("none", null)));
    }
}
