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
    void effectiveLogConfig_defaultsToJsonFileLikeDockerAtCreate() {
        assertEquals(new LogConfig("json-file", Map.of()), ContainerViews.effectiveLogConfig(null));
        assertEquals(new LogConfig("json-file", Map.of("max-size", "1m")),
                ContainerViews.effectiveLogConfig(new LogConfig("", Map.of("max-size", "1m"))));
        assertEquals(new LogConfig("none", Map.of()), ContainerViews.effectiveLogConfig(new LogConfig("none", null)));
    }
}
