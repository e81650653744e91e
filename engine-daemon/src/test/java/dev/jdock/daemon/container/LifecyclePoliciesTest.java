package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.HealthConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart policies, pause, update, rename, prune and healthchecks over the fake runtime and a manual clock. */
class LifecyclePoliciesTest {
    @TempDir
    Path root;

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeImages images = new FakeImages();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private ContainerStore store;
    private ContainerService service;
    private ContainerLifecycle lifecycle;
    /** Where the lifecycle's health probes go; a test sets it before it starts a container. */
    private HealthProbe probe = TestNeighbours.NO_PROBE;

    private Path resolvConf() {
        return root.resolve("resolv.conf");
    }

    private void setUp() throws Exception {
        Path resolv = resolvConf();
        Files.writeString(resolv, "nameserver 10.0.0.2\n");
        store = new ContainerStore(root.resolve("containers"));
        store.load();
        service = new ContainerService(store, runtime, TestNeighbours.isolated(images), resolv, new DirectExecutor(),
                new ManualScheduler());
        lifecycle = new ContainerLifecycle(store, runtime, neighbours((type, action, id, attrs) -> events.add(action)),
                new DirectExecutor(), clock);
    }

    private ContainerNeighbours neighbours(dev.jdock.daemon.events.EventSink sink) {
        return TestNeighbours.with(TestNeighbours.isolated(images, sink), (c, cmd, timeout) -> probe.run(c, cmd, timeout));
    }

    private Container create(String name, RestartPolicy p, HealthConfig health) {
        return service.create(name, ContainerCreateRequest.builder().image("busybox").healthcheck(health)
                .hostConfig(HostConfig.builder().restartPolicy(p).build()).build());
    }

    @Test
    void onFailure2_restartsTwiceWithBackoff_thenStaysExited() throws Exception {
        setUp();
        Container c = create("of", new RestartPolicy("on-failure", 2), null);
        lifecycle.start(c);
        runtime.exit(c, 1);
        assertEquals(ContainerStatus.RESTARTING, c.state().status());
        assertEquals(1, c.state().restartCount());
        assertEquals(1, c.state().exitCode());
        clock.advance(Duration.ofMillis(99));
        assertEquals(ContainerStatus.RESTARTING, c.state().status());
        clock.advance(Duration.ofMillis(1));
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        runtime.exit(c, 1);
        assertEquals(2, c.state().restartCount());
        clock.advance(Duration.ofMillis(200));
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        runtime.exit(c, 1);
        assertEquals(ContainerStatus.EXITED, c.state().status());
        assertEquals(2, c.state().restartCount());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), clock.delays);
        assertEquals(3, runtime.calls.stream().filter(s -> s.equals("launch of")).count());
        // a user start resets the count
        lifecycle.start(c);
        assertEquals(0, c.state().restartCount());
    }

    @Test
    void userStop_isNotRestarted_unlessStoppedStaysDownAtDaemonStart_alwaysComesBack() throws Exception {
        setUp();
        Container us = create("us", new RestartPolicy("unless-stopped", 0), null);
        Container al = create("al", new RestartPolicy("always", 0), null);
        lifecycle.start(us);
        lifecycle.start(al);
        lifecycle.stop(us, Optional.empty(), Optional.of(1));
        lifecycle.stop(al, Optional.empty(), Optional.of(1));
        assertEquals(ContainerStatus.EXITED, us.state().status());
        assertEquals(ContainerStatus.EXITED, al.state().status());
        assertTrue(us.state().manuallyStopped());
        assertEquals(0, clock.pending());
        // a new daemon: always comes back, unless-stopped does not
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        ContainerLifecycle next = new ContainerLifecycle(reloaded, runtime, neighbours((t, a, i, at) -> { }),
                new DirectExecutor(), clock);
        next.restore();
        assertEquals(ContainerStatus.RUNNING, reloaded.get("al").state().status());
        assertEquals(ContainerStatus.EXITED, reloaded.get("us").state().status());
    }

    @Test
    void restore_restartsAlwaysContainerThatExitedWhileDaemonWasDown() throws Exception {
        setUp();
        Container c = create("gone", new RestartPolicy("always", 0), null);
        lifecycle.start(c);
        runtime.recorded.put(c.id(), new RuntimeBackend.ExitInfo(0, java.time.Instant.now(), false, ""));
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        ContainerLifecycle next = new ContainerLifecycle(reloaded, runtime, neighbours((t, a, i, at) -> { }),
                new DirectExecutor(), clock);
        next.restore();
        Container again = reloaded.get("gone");
        assertEquals(ContainerStatus.RESTARTING, again.state().status());
        clock.advance(Duration.ofMillis(100));
        assertEquals(ContainerStatus.RUNNING, again.state().status());
        assertEquals(1, again.state().restartCount());
    }

    @Test
    void stopOrRemoveWhileRestarting_cancelsTheRestart() throws Exception {
        setUp();
        Container c = create("rs", new RestartPolicy("always", 0), null);
        lifecycle.start(c);
        runtime.exit(c, 0);
        assertEquals(ContainerStatus.RESTARTING, c.state().status());
        EngineException e = assertThrows(EngineException.class, () -> lifecycle.remove(c, false));
        assertTrue(e.getMessage().contains("container is restarting"));
        lifecycle.stop(c, Optional.empty(), Optional.empty());
        assertEquals(ContainerStatus.EXITED, c.state().status());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(ContainerStatus.EXITED, c.state().status());
    }

    @Test
    void pause_unpause_transitions_andKillOfPausedThaws() throws Exception {
        setUp();
        Container c = create("pz", null, null);
        assertThrows(EngineException.class, () -> service.pause(c));
        lifecycle.start(c);
        service.pause(c);
        assertEquals(ContainerStatus.PAUSED, c.state().status());
        EngineException e = assertThrows(EngineException.class, () -> service.pause(c));
        assertEquals("Container " + c.id() + " is already paused", e.getMessage());
        service.unpause(c);
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        e = assertThrows(EngineException.class, () -> service.unpause(c));
        assertEquals("Container " + c.id() + " is not paused", e.getMessage());
        service.pause(c);
        runtime.ignoreTerm = true;
        lifecycle.kill(c, 15);
        assertTrue(runtime.calls.contains("resume pz"));
        assertEquals(ContainerStatus.RUNNING, c.state().status());
    }

    @Test
    void update_validatesAppliesLiveAndStores_restartPolicyToo() throws Exception {
        setUp();
        Container c = create("up", null, null);
        lifecycle.start(c);
        EngineException e = assertThrows(EngineException.class, () -> service.update(c,
                update(1024, 0, null)));
        assertEquals("Minimum memory limit allowed is 6MB", e.getMessage());
        e = assertThrows(EngineException.class, () -> service.update(c,
                update(0, 0, new RestartPolicy("always", 2))));
        assertTrue(e.getMessage().startsWith("invalid restart policy"));
        assertTrue(service.update(c, update(64L << 20, -1, new RestartPolicy("always", 0))).isEmpty());
        assertTrue(runtime.calls.contains("update up memory=" + (64L << 20)));
        assertEquals(64L << 20, store.get("up").record().hostConfig().memory());
        assertEquals("always", c.record().hostConfig().restartPolicy().name());
        // the new policy applies to the live container at its next exit
        service.lifecycle().kill(c, 9);
        assertEquals(ContainerStatus.RESTARTING, c.state().status());
    }

    @Test
    void update_badCpuset_isInvalidParameterBeforeTheCgroupSeesIt() throws Exception {
        setUp();
        Container c = create("up", null, null);
        lifecycle.start(c);
        EngineException e = assertThrows(EngineException.class, () -> service.update(c, cpuset("abc", null)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("Invalid value abc for cpuset cpus: invalid format: abc", e.getMessage());
        e = assertThrows(EngineException.class, () -> service.update(c, cpuset(null, "x")));
        assertEquals("Invalid value x for cpuset mems: invalid format: x", e.getMessage());
        e = assertThrows(EngineException.class, () -> service.update(c, cpuset("8191", null)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("Requested CPUs are not available - requested 8191, available: "),
                e.getMessage());
        assertTrue(runtime.calls.stream().noneMatch(call -> call.startsWith("update up")), runtime.calls.toString());
        String stored = store.get("up").record().hostConfig().cpusetCpus();
        assertTrue(stored == null || stored.isEmpty(), stored);
    }

    private static ContainerUpdateRequest cpuset(String cpus, String mems) {
        return new ContainerUpdateRequest(0, 0, 0, 0, 0, 0, 0, 0, 0, cpus, mems, null, 0, null);
    }

    @Test
    void update_memoryAboveStoredSwap_conflictsAsDocker() {
        HostConfig hc = HostConfig.builder().memory(64L << 20).memorySwap(128L << 20).build();
        EngineException e = assertThrows(EngineException.class,
                () -> ContainerUpdater.merge("up", hc, update(256L << 20, 0, null)));
        assertEquals(ErrorKind.CONFLICT, e.kind(), "moby's conflictingUpdateOptions: a 409");
        assertEquals("Cannot update container up: Memory limit should be smaller than already set memoryswap limit, "
                + "update the memoryswap at the same time", e.getMessage());
        assertEquals(512L << 20, ContainerUpdater.merge("up", hc, update(256L << 20, 512L << 20, null)).memorySwap());
    }

    /**
     * moby checks a new memory limit against the stored swap as it is: 0 (no limit) and -1 (unlimited) are below
     * it too, so {@code docker update -m 64m} of a container without limits is its 409 (dockerd 20.10 beside
     * jdockd); with {@code --memory-swap} it is taken.
     */
    @Test
    void update_memoryOverNoOrUnlimitedSwap_conflictsAsDocker() {
        for (long swap : new long[] {0, -1}) {
            HostConfig hc = HostConfig.builder().memorySwap(swap).build();
            EngineException e = assertThrows(EngineException.class,
                    () -> ContainerUpdater.merge("up", hc, update(64L << 20, 0, null)));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("Memory limit should be smaller than already set memoryswap limit"),
                    e.getMessage());
            HostConfig merged = ContainerUpdater.merge("up", hc, update(64L << 20, -1, null));
            assertEquals(64L << 20, merged.memory());
            assertEquals(-1L, merged.memorySwap());
            assertEquals(128L << 20, ContainerUpdater.merge("up", hc, update(64L << 20, 128L << 20, null))
                    .memorySwap());
        }
    }

    /** moby's router: a PidsLimit of 0 or below at update is unlimited, recorded as 0. */
    @Test
    void update_pidsLimitZeroOrNegative_isRecordedAsZero() {
        HostConfig hc = HostConfig.builder().pidsLimit(100L).build();
        for (long given : new long[] {0, -1, -5}) {
            ContainerUpdateRequest u = new ContainerUpdateRequest(0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, given, 0,
                    null);
            assertEquals(0L, ContainerUpdater.merge("up", hc, u).pidsLimit());
        }
    }

    /** What moby records as unset at create: PidsLimit 0 or below and MemorySwappiness -1 are null in inspect. */
    @Test
    void create_unsetPidsLimitAndSwappiness_areNull() throws Exception {
        setUp();
        Container c = service.create("un", ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().pidsLimit(0L).memorySwappiness(-1L).build()).build());
        assertNull(c.record().hostConfig().pidsLimit());
        assertNull(c.record().hostConfig().memorySwappiness());
        Container neg = service.create("un2", ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().pidsLimit(-1L).memorySwappiness(30L).build()).build());
        assertNull(neg.record().hostConfig().pidsLimit());
        assertEquals(30L, neg.record().hostConfig().memorySwappiness());
        Container set = service.create("un3", ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().pidsLimit(50L).cgroupnsMode("host").build()).build());
        assertEquals(50L, set.record().hostConfig().pidsLimit());
        assertEquals("host", set.record().hostConfig().cgroupnsMode());
        assertEquals("private", c.record().hostConfig().cgroupnsMode(),
                "the mode the container gets is recorded, as moby's adaptContainerSettings (jdockd's default)");
    }

    /** moby records MemorySwap as twice a memory limit given without one; update then checks against it. */
    @Test
    void create_memoryWithoutSwap_recordsTwiceTheMemory() throws Exception {
        setUp();
        Container c = service.create("sw", ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().memory(64L << 20).build()).build());
        HostConfig hc = c.record().hostConfig();
        assertEquals(128L << 20, hc.memorySwap());
        assertThrows(EngineException.class, () -> ContainerUpdater.merge("sw", hc, update(256L << 20, 0, null)));
        Container unlimited = service.create("sw2", ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().memory(64L << 20).memorySwap(-1L).build()).build());
        assertEquals(-1L, unlimited.record().hostConfig().memorySwap());
        Container none = service.create("sw3", ContainerCreateRequest.builder().image("busybox").build());
        assertEquals(0L, none.record().hostConfig().memorySwap());
    }

    /**
     * moby gives a container of network mode container:x x's hostname and domain name (and x's /etc/hostname, hosts
     * and resolv.conf: SpecFactory mounts x's files), each time it starts.
     */
    @Test
    void networkModeContainer_takesTheDonorsHostnameAtStart() throws Exception {
        setUp();
        Container donor = service.create("hb", ContainerCreateRequest.builder().image("busybox").hostname("basehost")
                .domainname("example.org").build());
        Container joiner = service.create("side", ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().networkMode("container:hb").build()).build());
        assertEquals(Optional.empty(), SpecFactory.networkDonor(joiner, store::find), "hb is not running");
        lifecycle.start(donor);
        assertEquals(Optional.of(donor), SpecFactory.networkDonor(joiner, store::find));
        lifecycle.start(joiner);
        assertEquals("basehost", joiner.record().config().hostname());
        assertEquals("example.org", joiner.record().config().domainname());
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        assertEquals("basehost", reloaded.get("side").record().config().hostname());
        assertEquals(ContainerFiles.hosts(donor).toString(), service.inspect("side").hostsPath());
        assertEquals(ContainerFiles.resolvConf(donor).toString(), service.inspect("side").resolvConfPath());
        assertEquals(ContainerFiles.hostname(donor).toString(), service.inspect("side").hostnamePath());
        assertEquals(Optional.empty(), SpecFactory.networkDonor(donor, store::find), "hb has its own network");
    }

    @Test
    void update_realtimeCpu_isRecordedAsDockerd_unsetFieldsKept() {
        HostConfig hc = HostConfig.builder().cpuRealtimePeriod(100000).build();
        HostConfig merged = ContainerUpdater.merge("up", hc,
                new ContainerUpdateRequest(0, 0, 0, 0, 0, 0, 0, 0, 5000, null, null, null, 0, null));
        assertEquals(100000, merged.cpuRealtimePeriod());
        assertEquals(5000, merged.cpuRealtimeRuntime());
    }

    @Test
    void update_restartPolicyOfAnAutoRemoveContainer_conflictsAsDocker() {
        HostConfig hc = HostConfig.builder().autoRemove(true).build();
        EngineException e = assertThrows(EngineException.class,
                () -> ContainerUpdater.merge("up", hc, update(0, 0, new RestartPolicy("always", 0))));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("Cannot update container up: Restart policy cannot be updated because AutoRemove is enabled for "
                + "the container", e.getMessage());
    }

    private static ContainerUpdateRequest update(long memory, long swap, RestartPolicy p) {
        return new ContainerUpdateRequest(memory, swap, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0, p);
    }

    @Test
    void rename_andPrune() throws Exception {
        setUp();
        Container a = create("a1", null, null);
        Container b = create("b1", null, null);
        EngineException e = assertThrows(EngineException.class, () -> service.rename(a, "b1"));
        assertEquals(dev.jdock.daemon.errors.ErrorKind.CONFLICT, e.kind());
        service.rename(a, "a2");
        assertEquals("a2", store.get("a2").name());
        assertFalse(store.nameTaken("a1"));
        service.lifecycle().start(b);
        images.uppers = root.resolve("uppers");
        Path upper = Files.createDirectories(images.uppers.resolve(a.id()).resolve("d"));
        Files.writeString(upper.resolve("f"), "12345");
        Files.createLink(upper.resolve("g"), upper.resolve("f"));
        Files.createSymbolicLink(upper.resolve("l"), resolvConf()); // its target's length, never followed
        ContainerPruner.Report r = service.prune(Filters.empty());
        assertEquals(List.of(a.id()), r.deleted());
        assertEquals(5 + resolvConf().toString().length(), r.spaceReclaimed(), "moby's directory.Size of the upper");
        assertTrue(store.find(b.id()).isPresent());
    }

    @Test
    void healthcheck_startingUnhealthyHealthy_withEventsAndLastFiveResults() throws Exception {
        setUp();
        HealthConfig hc = new HealthConfig(List.of("CMD-SHELL", "test -f /tmp/ok"), 1_000_000_000L, null, null,
                null, 2L);
        Container c = create("hc", null, hc);
        List<Integer> codes = new ArrayList<>(List.of(1, 1, 1, 1, 0));
        List<List<String>> commands = new ArrayList<>();
        probe = (ct, cmd, timeout) -> {
            commands.add(cmd);
            return new HealthProbe.Result(codes.remove(0), "out");
        };
        lifecycle.start(c);
        assertEquals(HealthState.STARTING, c.state().health().status());
        assertEquals("Up Less than a second (health: starting)",
                ContainerViews.statusText(c.state(), java.time.Instant.parse(c.state().startedAt())));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HealthState.STARTING, c.state().health().status());
        assertEquals(1, c.state().health().failingStreak());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HealthState.UNHEALTHY, c.state().health().status());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(HealthState.HEALTHY, c.state().health().status());
        assertEquals(0, c.state().health().failingStreak());
        assertEquals(5, c.state().health().log().size());
        assertEquals(List.of("/bin/sh", "-c", "test -f /tmp/ok"), commands.get(0));
        assertTrue(events.contains("health_status: unhealthy"));
        assertTrue(events.contains("health_status: healthy"));
        // persisted with the state
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        assertEquals(HealthState.HEALTHY, reloaded.get("hc").state().health().status());
        // probes end with the container, which is unhealthy then, without an event (moby's CloseMonitorChannel)
        long statusEvents = events.stream().filter(e -> e.startsWith("health_status")).count();
        runtime.exit(c, 0);
        assertEquals(0, clock.pending());
        HealthState stopped = c.state().health();
        assertEquals(HealthState.UNHEALTHY, stopped.status());
        assertEquals(0, stopped.failingStreak());
        assertEquals(5, stopped.log().size());
        assertEquals(statusEvents, events.stream().filter(e -> e.startsWith("health_status")).count());
        assertNotNull(service.inspect("hc").state().health());
        // started again: starting, the log kept
        lifecycle.start(c);
        assertEquals(HealthState.STARTING, c.state().health().status());
        assertEquals(5, c.state().health().log().size());
    }

    @Test
    void healthState_startPeriodFailuresDoNotCount() {
        HealthState s = HealthState.starting(null);
        HealthState.Result fail = new HealthState.Result("a", "b", 1, "");
        s = s.record(fail, true, 1);
        assertEquals(HealthState.STARTING, s.status());
        assertEquals(0, s.failingStreak());
        s = s.record(fail, false, 1);
        assertEquals(HealthState.UNHEALTHY, s.status());
    }

    @Test
    void noHealthcheck_disablesTheImageOne() {
        HealthConfig none = new HealthConfig(List.of("NONE"), null, null, null, null, null);
        assertNull(HealthMonitor.config(ContainerConfig.builder().healthcheck(none).build()));
        HealthConfig img = new HealthConfig(List.of("CMD", "true"), 5L, 6L, null, null, 4L);
        HealthConfig merged = ContainerCreator.mergeHealth(new HealthConfig(null, 9L, null, null, null, null), img);
        assertEquals(List.of("CMD", "true"), merged.test());
        assertEquals(9L, merged.interval());
        assertEquals(4, merged.retries());
    }
}
