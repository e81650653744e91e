package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.daemon.errors.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartManagerTest {
    private final RestartManager rm = new RestartManager();
    private static final RestartPolicy ALWAYS = new RestartPolicy("always", 0);

    @Test
    void backoff_doublesFrom100ms_cappedAtOneMinute() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            delays.add(rm.shouldRestart("a", ALWAYS, 1, i, false, Duration.ofSeconds(1)).toMillis());
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 51200L, 60000L, 60000L),
                delays);
    }

    @Test
    void backoff_resetsAfterTenSecondsOfRunning() {
        rm.shouldRestart("a", ALWAYS, 0, 0, false, Duration.ZERO);
        rm.shouldRestart("a", ALWAYS, 0, 1, false, Duration.ZERO);
        assertEquals(400, rm.shouldRestart("a", ALWAYS, 0, 2, false, Duration.ofSeconds(9)).toMillis());
        assertEquals(100, rm.shouldRestart("a", ALWAYS, 0, 3, false, Duration.ofSeconds(10)).toMillis());
    }

    @Test
    void onFailure_countsAgainstMaximumRetryCount_andIgnoresSuccess() {
        RestartPolicy p = new RestartPolicy("on-failure", 2);
        assertTrue(rm.shouldRestart("a", p, 1, 0, false, Duration.ZERO) != null);
        assertTrue(rm.shouldRestart("a", p, 1, 1, false, Duration.ZERO) != null);
        assertNull(rm.shouldRestart("a", p, 1, 2, false, Duration.ZERO));
        assertNull(rm.shouldRestart("b", p, 0, 0, false, Duration.ZERO));
        assertTrue(rm.shouldRestart("c", new RestartPolicy("on-failure", 0), 1, 99, false, Duration.ZERO) != null);
    }

    @Test
    void unlessStopped_notAfterManualStop_andCancelStopsEveryPolicy() {
        RestartPolicy p = new RestartPolicy("unless-stopped", 0);
        assertNull(rm.shouldRestart("a", p, 0, 0, true, Duration.ZERO));
        assertTrue(rm.shouldRestart("b", p, 0, 0, false, Duration.ZERO) != null);
        rm.cancel("c");
        assertNull(rm.shouldRestart("c", ALWAYS, 1, 0, false, Duration.ZERO));
        rm.reset("c");
        assertFalse(rm.isCancelled("c"));
        assertNull(rm.shouldRestart("d", new RestartPolicy("no", 0), 1, 0, false, Duration.ZERO));
    }

    @Test
    void daemonStart_alwaysEvenIfStopped_unlessStoppedOnlyIfNot() {
        assertTrue(RestartManager.restartOnDaemonStart(ALWAYS, 0, 0, true));
        assertFalse(RestartManager.restartOnDaemonStart(new RestartPolicy("unless-stopped", 0), 0, 0, true));
        assertTrue(RestartManager.restartOnDaemonStart(new RestartPolicy("unless-stopped", 0), 137, 0, false));
        assertFalse(RestartManager.restartOnDaemonStart(new RestartPolicy("", 0), 1, 0, false));
    }

    @Test
    void validation_asDocker() {
        EngineException e = assertThrows(EngineException.class, () -> RestartPolicies.validateCreate(
                HostConfig.builder().autoRemove(true).restartPolicy(ALWAYS).build()));
        assertEquals("can't create 'AutoRemove' container with restart policy", e.getMessage());
        e = assertThrows(EngineException.class, () -> RestartPolicies.validate(new RestartPolicy("always", 3)));
        assertEquals("invalid restart policy: maximum retry count can only be used with 'on-failure'",
                e.getMessage());
        e = assertThrows(EngineException.class, () -> RestartPolicies.validate(new RestartPolicy("sometimes", 0)));
        assertTrue(e.getMessage().startsWith("invalid restart policy: unknown policy 'sometimes'"));
        RestartPolicies.validateCreate(HostConfig.builder().autoRemove(true).restartPolicy(
                new RestartPolicy("no", 0)).build());
    }

    @Test
    void withDefault_noPolicyIsRecordedAsNo() {
        assertEquals(new RestartPolicy("no", 0),
                RestartPolicies.withDefault(HostConfig.builder().build()).restartPolicy());
        assertEquals(new RestartPolicy("no", 0),
                RestartPolicies.withDefault(HostConfig.builder().restartPolicy(new RestartPolicy("", 0)).build())
                        .restartPolicy());
        assertEquals(ALWAYS, RestartPolicies.withDefault(HostConfig.builder().restartPolicy(ALWAYS).build())
                .restartPolicy());
    }
}
