package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon killed at any instant of a start or a removal: the next one makes each record agree with what the
 * runtime reports (reconcile) and finishes what was under way (restore).
 */
class ContainerRestoreTest {
    private static final Instant LAUNCHED = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path root;

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeImages images = new FakeImages();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    /** A daemon over the data in {@link #root}, as jdockd builds it at start. */
    private ContainerService daemon() throws Exception {
        Path resolv = root.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 10.0.0.2\n");
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        store.load();
        return new ContainerService(store, runtime, TestNeighbours.isolated(images), resolv, background,
                new ManualScheduler());
    }

    private static ContainerCreateRequest request() {
        return ContainerCreateRequest.builder().image("busybox").hostConfig(HostConfig.builder().build()).build();
    }

    private static RuntimeBackend.Probe probe(RuntimeBackend.Probe.Kind kind, int pid, Optional<Instant> started,
            Optional<Instant> launched) {
        return new RuntimeBackend.Probe(kind, pid, pid > 0 ? 99 : 0, started, launched);
    }

    private static void restart(ContainerService d) {
        d.lifecycle().reconcile();
        d.lifecycle().restore();
    }

    @Test
    void startedButRecordedCreated_isAdoptedRunning_andStopsForReal() throws Exception {
        String id = daemon().create("ghost", request()).id();
        Instant exec = LAUNCHED.plusMillis(40);
        runtime.probes.put(id, probe(RuntimeBackend.Probe.Kind.RUNNING, 777, Optional.of(exec), Optional.of(LAUNCHED)));

        ContainerService d = daemon();
        restart(d);
        Container c = d.get("ghost");
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        assertEquals(777, c.state().pid());
        assertEquals(exec.toString(), c.state().startedAt());
        assertTrue(runtime.calls.containsAll(List.of("settled ghost", "reconnect ghost")), runtime.calls.toString());
        assertFalse(runtime.calls.contains("discard ghost"));
        assertTrue(runtime.sessions.get(id).get(0).skipsOutput); // the adopted watch asks for no output either
        // the adoption is on disk, and the watch works: stop ends it
        assertEquals(ContainerStatus.RUNNING, daemon().get("ghost").state().status());
        d.lifecycle().stop(c, Optional.empty(), Optional.of(1));
        assertEquals(ContainerStatus.EXITED, c.state().status());
    }

    @Test
    void pauseOrUnpauseNotRecorded_isTakenFromTheFreezer() throws Exception {
        ContainerService first = daemon();
        Container p0 = first.create("froze", request());
        Container u0 = first.create("thawed", request());
        first.lifecycle().start(p0);
        first.lifecycle().start(u0);
        first.pause(u0);
        // the daemon died between the freezer write and the state write, in either direction
        runtime.frozen.add(p0.id());
        runtime.frozen.remove(u0.id());
        for (Container c : List.of(p0, u0)) {
            runtime.probes.put(c.id(), probe(RuntimeBackend.Probe.Kind.RUNNING, c.state().pid(),
                    Optional.of(LAUNCHED), Optional.empty()));
        }

        ContainerService d = daemon();
        restart(d);
        assertEquals(ContainerStatus.PAUSED, d.get("froze").state().status());
        assertEquals(ContainerStatus.RUNNING, d.get("thawed").state().status());
        assertEquals(ContainerStatus.PAUSED, daemon().get("froze").state().status(), "on disk too");
        d.unpause(d.get("froze")); // so it can be stopped and removed again
        assertEquals(ContainerStatus.RUNNING, d.get("froze").state().status());
    }

    @Test
    void heldNeverStarted_isKilledAndCleaned_andStaysCreated() throws Exception {
        String id = daemon().create("held", request()).id();
        runtime.probes.put(id, probe(RuntimeBackend.Probe.Kind.HELD, 555, Optional.empty(), Optional.of(LAUNCHED)));

        ContainerService d = daemon();
        restart(d);
        Container c = d.get("held");
        assertEquals(ContainerStatus.CREATED, c.state().status());
        assertEquals(0, c.state().pid());
        assertTrue(runtime.calls.containsAll(List.of("discard held", "cleanup held")), runtime.calls.toString());
        // and it starts normally afterwards
        d.lifecycle().start(c);
        assertEquals(ContainerStatus.RUNNING, c.state().status());
    }

    @Test
    void monitorKilled_orphansOfARunningContainer_areKilled_andTheExitRecorded() throws Exception {
        ContainerService first = daemon();
        Container c0 = first.create("orphan", request());
        first.lifecycle().start(c0);
        runtime.probes.put(c0.id(), probe(RuntimeBackend.Probe.Kind.ORPHANS, 4242, Optional.empty(),
                Optional.empty()));

        ContainerService d = daemon();
        restart(d);
        Container c = d.get("orphan");
        assertEquals(ContainerStatus.EXITED, c.state().status());
        assertEquals(255, c.state().exitCode());
        assertTrue(runtime.calls.contains("discard orphan"), runtime.calls.toString());
    }

    @Test
    void launchThatRanAndExitedUnseen_isRecordedExited() throws Exception {
        String id = daemon().create("quick", request()).id();
        runtime.probes.put(id, probe(RuntimeBackend.Probe.Kind.LEFTOVERS, 0, Optional.empty(), Optional.of(LAUNCHED)));
        runtime.recorded.put(id, new RuntimeBackend.ExitInfo(3, LAUNCHED.plusSeconds(2), false, ""));

        ContainerService d = daemon();
        restart(d);
        Container c = d.get("quick");
        assertEquals(ContainerStatus.EXITED, c.state().status());
        assertEquals(3, c.state().exitCode());
        assertEquals(LAUNCHED.toString(), c.state().startedAt());
        assertTrue(runtime.calls.contains("discard quick"));
    }

    @Test
    void staleExitFileOlderThanTheLaunch_isNotTakenForItsExit() throws Exception {
        String id = daemon().create("stale", request()).id();
        runtime.probes.put(id, probe(RuntimeBackend.Probe.Kind.LEFTOVERS, 0, Optional.empty(), Optional.of(LAUNCHED)));
        runtime.recorded.put(id, new RuntimeBackend.ExitInfo(3, LAUNCHED.minusSeconds(60), false, ""));

        ContainerService d = daemon();
        restart(d);
        assertEquals(ContainerStatus.CREATED, d.get("stale").state().status());
        assertEquals(0, d.get("stale").state().exitCode());
    }

    @Test
    void removalKilledMidway_isDeadAfterLoad_andFinishedAtRestore() throws Exception {
        ContainerService first = daemon();
        Container c0 = first.create("gone", request());
        first.store().markRemoving(c0); // what rm persists before destroying anything; then the daemon dies
        Files.deleteIfExists(c0.dir().resolve("state.json")); // and a part of the tree may already be gone

        ContainerService d = daemon();
        Container c = d.get("gone");
        assertEquals(ContainerStatus.DEAD, c.state().status());
        EngineException e = assertThrows(EngineException.class, () -> d.lifecycle().start(c));
        assertTrue(e.getMessage().contains("marked for removal"), e.getMessage());
        CompletableFuture<ContainerRunState> removed = d.waitFor(c, "removed");
        restart(d);
        removed.get(5, TimeUnit.SECONDS);
        assertTrue(d.find("gone").isEmpty());
        assertFalse(images.rootfs.contains(c0.id()));
        assertTrue(runtime.calls.contains("discard gone"), runtime.calls.toString());
        assertTrue(daemon().find("gone").isEmpty());
        try (var left = Files.list(root.resolve("containers"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void removalThatFails_leavesDead_andRmRetries() throws Exception {
        ContainerService d = daemon();
        Container c = d.create("stuck", request());
        runtime.failCleanup = new IllegalStateException("device or resource busy");
        EngineException e = assertThrows(EngineException.class, () -> d.lifecycle().remove(c, true));
        assertTrue(e.getMessage().contains("device or resource busy"), e.getMessage());
        assertEquals(ContainerStatus.DEAD, c.state().status());
        assertEquals(ContainerStatus.DEAD, daemon().get("stuck").state().status());
        runtime.failCleanup = null;
        d.lifecycle().remove(c, false);
        assertTrue(d.find("stuck").isEmpty());
    }

    @Test
    void tombstoneOfAnInterruptedDelete_isDeletedAtLoad() throws Exception {
        Path tomb = root.resolve("containers").resolve(ContainerStore.TOMBSTONE + "a".repeat(64));
        Files.createDirectories(tomb.resolve("mounts"));
        Files.writeString(tomb.resolve("config.json"), "{}");
        ContainerService d = daemon();
        assertTrue(d.list(true, 0, dev.jdock.daemon.api.Filters.empty()).isEmpty());
        assertFalse(Files.exists(tomb));
    }

    @Test
    void createKilledBeforeItsRecord_leavesNoContainer_andItsRootfsIsRemoved() throws Exception {
        ContainerService first = daemon();
        String orphan = "d".repeat(64);
        images.rootfs.add(orphan); // the root fs was made, the daemon died before the record (written last)
        Path half = Files.createDirectories(root.resolve("containers").resolve(orphan));
        Files.writeString(half.resolve("state.json"), "{\"Status\":\"created\"}");
        Container kept = first.create("kept", request());

        ContainerService d = daemon();
        restart(d);
        assertEquals(List.of("kept"), d.list(true, 0, dev.jdock.daemon.api.Filters.empty()).stream()
                .map(s -> s.names().get(0).substring(1)).toList());
        assertFalse(images.rootfs.contains(orphan));
        assertTrue(images.rootfs.contains(kept.id()));
        assertFalse(Files.exists(half));
    }
}
