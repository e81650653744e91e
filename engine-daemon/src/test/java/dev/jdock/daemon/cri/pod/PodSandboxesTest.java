package dev.jdock.daemon.cri.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.cri.pod.PodSandbox.State;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodSandboxesTest {
    @TempDir
    Path tmp;

    private final FakePods fakes = new FakePods();
    private final AtomicLong clock = new AtomicLong(1000);

    private PodSandboxes sandboxes(PodSandboxStore store) {
        store.load();
        return new PodSandboxes(store, fakes, fakes, clock::incrementAndGet);
    }

    private static PodSandboxes.Request request(String name, int attempt, Mode network) {
        return new PodSandboxes.Request(new PodSandbox.Metadata(name, "uid-" + name, "default", attempt), name,
                "/var/log/pods/default_" + name, Map.of("app", name), Map.of(), "", "/kubepods/pod1",
                new PodSandbox.Namespaces(network, null, null),
                new RuntimeConfig(List.of(new RuntimeConfig.PortMapping(8080, 80, "tcp", "")), null, null));
    }

    @Test
    void run_makesTheNetnsAttachesThenStartsTheInfra_andTheRecordSurvivesARestart() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox s = pods.run(request("web", 0, Mode.POD));
        assertEquals(State.SANDBOX_READY, s.state());
        assertEquals(List.of("netns " + s.id().substring(0, 4), "add 1", "start false"), fakes.calls);
        assertEquals(List.of("10.90.0.5"), s.ips());
        assertEquals(100, s.infraPid());
        assertEquals(64, s.id().length());
        assertTrue(Files.exists(tmp.resolve(s.id() + ".json")));
        PodSandboxes again = sandboxes(new PodSandboxStore(tmp)); // a restarted jdockd
        assertEquals(s, again.status(s.id()));
        assertEquals(s, again.status(s.id().substring(0, 12)), "a unique prefix finds it");
    }

    @Test
    void userns_theInfraMakesTheNetnsFirst_thenItIsKeptAndAttached_andAFailedAddUndoesAll() {
        PodSandbox.Userns u = new PodSandbox.Userns(new UserNamespaceSpec.IdMapping(0, 131072, 65536),
                new UserNamespaceSpec.IdMapping(0, 131072, 65536));
        PodSandboxes.Request base = request("userns", 0, Mode.POD);
        PodSandboxes.Request req = new PodSandboxes.Request(base.metadata(), base.hostname(), base.logDirectory(),
                base.labels(), base.annotations(), "", base.cgroupParent(),
                new PodSandbox.Namespaces(Mode.POD, null, null, u), base.network());
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox s = pods.run(req);
        assertEquals(List.of("start true", "adopt " + s.id().substring(0, 4) + " 100", "add 1"), fakes.calls);
        assertEquals(State.SANDBOX_READY, s.state());
        assertEquals(u, s.userns());
        assertEquals(s, sandboxes(new PodSandboxStore(tmp)).status(s.id()), "the user namespace is recorded");
        fakes.calls.clear();
        fakes.failAt = "add";
        PodSandboxes.Request again = new PodSandboxes.Request(new PodSandbox.Metadata("userns2", "uid-2", "default",
                0), req.hostname(), req.logDirectory(), req.labels(), req.annotations(), "", req.cgroupParent(),
                req.namespaces(), req.network());
        assertThrows(IllegalStateException.class, () -> pods.run(again));
        assertEquals(List.of("start true", "adopt " + fakes.calls.get(1).substring(6, 10) + " 100", "add 1", "stop",
                "del 1", "rmns", "cleanup"), fakes.calls, "the infra stopped, the CNI DEL, the netns and the rest go");
    }

    @Test
    void hostNetwork_hasNoNetnsAndNoCni() {
        PodSandbox s = sandboxes(new PodSandboxStore(tmp)).run(request("host", 0, Mode.NODE));
        assertEquals(List.of("start true"), fakes.calls);
        assertEquals("", s.netns());
    }

    @Test
    void aFailedStart_undoesTheNetworkInReverse_andLeavesNoRecord() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        fakes.failAt = "start";
        assertThrows(IllegalStateException.class, () -> pods.run(request("web", 0, Mode.POD)));
        assertEquals(List.of("add 1", "start false", "stop", "del 1", "rmns", "cleanup"),
                fakes.calls.subList(1, fakes.calls.size()));
        assertTrue(fakes.netns.isEmpty());
        assertTrue(pods.list(null).isEmpty());
        fakes.failAt = "";
        assertEquals(State.SANDBOX_READY, pods.run(request("web", 0, Mode.POD)).state(), "the name is free again");
    }

    @Test
    void theSameAttempt_isRefusedWhileItsSandboxExists() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox first = pods.run(request("web", 0, Mode.POD));
        EngineException e = assertThrows(EngineException.class, () -> pods.run(request("web", 0, Mode.POD)));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains(first.id()), e.getMessage());
        assertEquals(State.SANDBOX_READY, pods.run(request("web", 1, Mode.POD)).state(), "the next attempt runs");
    }

    @Test
    void stopThenRemove_releaseEverything_andRepeatingThemIsHarmless() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox s = pods.run(request("web", 0, Mode.POD));
        fakes.calls.clear();
        pods.stop(s.id(), Duration.ofSeconds(1));
        assertEquals(List.of("stop", "del 1", "rmns"), fakes.calls);
        PodSandbox stopped = pods.status(s.id());
        assertEquals(State.SANDBOX_NOTREADY, stopped.state());
        assertEquals(0, stopped.infraPid());
        pods.stop(s.id(), Duration.ofSeconds(1));
        pods.remove(s.id(), Duration.ofSeconds(1));
        assertTrue(pods.list(null).isEmpty());
        assertTrue(fakes.calls.contains("cleanup"));
        pods.remove(s.id(), Duration.ofSeconds(1)); // unknown now: not an error
        fakes.calls.clear();
        pods.stop(s.id(), Duration.ofSeconds(1)); // nor is a stop (critest's Idempotence)
        pods.stop("0123456789abcdef", Duration.ofSeconds(1));
        assertEquals(List.of(), fakes.calls, "nothing to stop");
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> pods.status(s.id())).kind());
    }

    @Test
    void theLifecycle_isPublishedOnce_perChange_toEveryWatcher() throws Exception {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        try (SandboxChanges.Watcher w = pods.watch()) {
            PodSandbox s = pods.run(request("web", 0, Mode.POD));
            pods.stop(s.id(), Duration.ofSeconds(1));
            pods.stop(s.id(), Duration.ofSeconds(1)); // stopped already: no second event
            pods.remove(s.id(), Duration.ofSeconds(1));
            pods.remove(s.id(), Duration.ofSeconds(1)); // gone: none either
            List<SandboxChanges.Change> got = new java.util.ArrayList<>();
            for (SandboxChanges.Change c; (c = w.poll(0, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
                got.add(c);
            }
            assertEquals(List.of(SandboxChanges.Kind.CREATED, SandboxChanges.Kind.STARTED,
                    SandboxChanges.Kind.STOPPED, SandboxChanges.Kind.DELETED),
                    got.stream().map(SandboxChanges.Change::kind).toList());
            assertTrue(got.stream().allMatch(c -> c.sandbox().id().equals(s.id()) && c.atNanos() > 0));
            assertEquals(State.SANDBOX_READY, got.get(1).sandbox().state());
            assertEquals(State.SANDBOX_NOTREADY, got.get(3).sandbox().state(), "the removed one as it was");
        }
    }

    @Test
    void anInfraThatDiesOnItsOwn_isNoticed_onceAsStopped_andRecordedNotReady() throws Exception {
        PodSandboxStore store = new PodSandboxStore(tmp);
        PodSandboxes pods = sandboxes(store);
        PodSandbox alive = pods.run(request("alive", 0, Mode.POD));
        PodSandbox dead = pods.run(request("dead", 0, Mode.POD));
        try (SandboxChanges.Watcher w = pods.watch()) {
            assertEquals(0, pods.noticeExits(), "both run");
            fakes.running.remove(dead.id()); // OOM-killed, say
            assertEquals(1, pods.noticeExits());
            assertEquals(0, pods.noticeExits(), "once");
            SandboxChanges.Change c = w.poll(0, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(SandboxChanges.Kind.STOPPED, c.kind());
            assertEquals(dead.id(), c.sandbox().id());
            assertEquals(State.SANDBOX_NOTREADY, c.sandbox().state());
            assertEquals(null, w.poll(0, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(State.SANDBOX_NOTREADY, store.get(dead.id()).orElseThrow().state(), "recorded");
            assertEquals(State.SANDBOX_READY, pods.status(alive.id()).state());
            pods.stop(dead.id(), Duration.ZERO);
            assertEquals(null, w.poll(0, java.util.concurrent.TimeUnit.SECONDS), "its stop sends no second STOPPED");
        }
    }

    @Test
    void noticeExits_neverWaitsForASandboxAnotherCallHolds() throws Exception {
        java.util.concurrent.CountDownLatch inStop = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        PodSandboxStore store = new PodSandboxStore(tmp);
        store.load();
        PodSandboxes pods = new PodSandboxes(store, fakes, fakes, clock::incrementAndGet, new PodMembers() {
            @Override
            public void stopAll(String sandboxId) {
                fakes.running.remove(sandboxId);
                inStop.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void removeAll(String sandboxId) {
            }
        });
        String id = pods.run(request("web", 0, Mode.POD)).id();
        Thread stop = new Thread(() -> pods.stop(id, Duration.ZERO));
        stop.start();
        assertTrue(inStop.await(5, java.util.concurrent.TimeUnit.SECONDS));
        try (SandboxChanges.Watcher w = pods.watch()) {
            assertEquals(0, pods.noticeExits(), "the stop holds it: skipped, not waited for");
            release.countDown();
            stop.join(5000);
            assertEquals(SandboxChanges.Kind.STOPPED, w.poll(1, java.util.concurrent.TimeUnit.SECONDS).kind());
            assertEquals(null, w.poll(0, java.util.concurrent.TimeUnit.SECONDS), "one STOPPED, the stop's");
        }
    }

    @Test
    void status_isNotReadyOnceTheInfraProcessIsGone() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox s = pods.run(request("web", 0, Mode.POD));
        fakes.running.clear(); // killed behind jdockd's back
        assertEquals(State.SANDBOX_NOTREADY, pods.status(s.id()).state());
    }

    @Test
    void list_filtersByIdPrefixStateAndLabels_inCreationOrder() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox a = pods.run(request("a", 0, Mode.POD));
        PodSandbox b = pods.run(request("b", 0, Mode.POD));
        pods.stop(b.id(), Duration.ZERO);
        assertEquals(List.of(a.id(), b.id()), pods.list(null).stream().map(PodSandbox::id).toList());
        assertEquals(List.of(a.id()), pods.list(new PodSandboxes.Filter(null, State.SANDBOX_READY, null)).stream()
                .map(PodSandbox::id).toList());
        assertEquals(List.of(b.id()), pods.list(new PodSandboxes.Filter(null, null, Map.of("app", "b"))).stream()
                .map(PodSandbox::id).toList());
        assertEquals(List.of(a.id()), pods.list(new PodSandboxes.Filter(a.id().substring(0, 8), null, null)).stream()
                .map(PodSandbox::id).toList());
    }

    @Test
    void metadataWithoutNameUidOrNamespace_isInvalid() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandboxes.Request r = new PodSandboxes.Request(new PodSandbox.Metadata("", "u", "ns", 0), "", "", null,
                null, "", "", new PodSandbox.Namespaces(null, null, null), RuntimeConfig.NONE);
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class, () -> pods.run(r)).kind());
        assertTrue(fakes.calls.isEmpty());
    }

    private static PodSandboxes.Request request(String name, String cgroupParent, Mode network, PodSandbox.Linux l) {
        PodSandboxes.Request r = request(name, 0, network);
        return new PodSandboxes.Request(r.metadata(), r.hostname(), r.logDirectory(), r.labels(), r.annotations(),
                r.runtimeHandler(), cgroupParent, r.namespaces(), r.network(), l);
    }

    private static PodSandbox.Linux sysctls(Map<String, String> sysctls) {
        return new PodSandbox.Linux(sysctls, null, null, null, null, false, false);
    }

    private void assertRefusedBeforeAnything(PodSandboxes pods, PodSandboxes.Request r, String message) {
        EngineException e = assertThrows(EngineException.class, () -> pods.run(r));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(fakes.calls.isEmpty(), "no netns, CNI or infra: " + fakes.calls);
        assertTrue(pods.list(null).isEmpty(), "no record");
    }

    @Test
    void aCgroupParentTheRuntimeRefuses_isInvalid_beforeTheNetworkIsMade() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        assertRefusedBeforeAnything(pods, request("web", "/kubepods/../../etc", Mode.POD, PodSandbox.Linux.NONE),
                "invalid cgroup parent");
        assertRefusedBeforeAnything(pods, request("web", "/kube\npods", Mode.POD, PodSandbox.Linux.NONE),
                "control character");
        assertEquals(State.SANDBOX_READY, pods.run(request("web", "/kubepods/pod1", Mode.POD, PodSandbox.Linux.NONE))
                .state(), "the name was not kept by the refusals");
    }

    @Test
    void sysctls_onlyNamespacedOnes_andNotInANamespaceThePodSharesWithTheHost() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        assertRefusedBeforeAnything(pods, request("a", "", Mode.POD, sysctls(Map.of("kernel.panic", "1"))),
                "kernel.panic=1");
        assertRefusedBeforeAnything(pods, request("a", "", Mode.POD, sysctls(Map.of("net/../../x", "1"))),
                "is not allowed");
        assertRefusedBeforeAnything(pods, request("a", "", Mode.NODE,
                sysctls(Map.of("net.ipv4.ip_unprivileged_port_start", "0"))), "host's net namespace");
        PodSandboxes.Request hostIpc = request("a", "", Mode.POD, sysctls(Map.of("kernel.shm_rmid_forced", "1")));
        PodSandboxes.Request sharing = new PodSandboxes.Request(hostIpc.metadata(), "", "", null, null, "", "",
                new PodSandbox.Namespaces(Mode.POD, null, Mode.NODE), RuntimeConfig.NONE, hostIpc.linux());
        assertRefusedBeforeAnything(pods, sharing, "host's ipc namespace");
        Map<String, String> fine = Map.of("net.ipv4.ip_unprivileged_port_start", "0", "kernel.shm_rmid_forced", "1",
                "fs.mqueue.msg_max", "20");
        PodSandbox s = pods.run(request("a", "", Mode.POD, sysctls(fine)));
        assertEquals(fine, s.linux().sysctls(), "kept for the infra");
        assertEquals(fine, sandboxes(new PodSandboxStore(tmp)).status(s.id()).linux().sysctls(), "in the record");
    }

    @Test
    void aSeccompProfileOrUserTheInfraCannotTake_isInvalid() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        assertRefusedBeforeAnything(pods, request("a", "", Mode.POD,
                new PodSandbox.Linux(Map.of(), null, "localhost/relative.json", null, null, false, false)),
                "unsupported seccomp profile");
        assertRefusedBeforeAnything(pods, request("a", "", Mode.POD,
                new PodSandbox.Linux(Map.of(), null, null, -1L, null, false, false)), "run_as_user");
        assertRefusedBeforeAnything(pods, request("a", "", Mode.POD,
                new PodSandbox.Linux(Map.of(), null, null, null, 5L, false, false)), "without user");
        assertRefusedBeforeAnything(pods, request("a", "", Mode.POD, new PodSandbox.Linux(Map.of(),
                new RuntimeConfig.Dns(List.of("10.0.0.1\nnameserver 6.6.6.6"), List.of(), List.of()), null, null,
                null, false, false)), "line break");
    }

    @Test
    void reconcile_marksReadySandboxesWhoseInfraIsGone_notReady_inTheRecord() {
        PodSandboxes pods = sandboxes(new PodSandboxStore(tmp));
        PodSandbox alive = pods.run(request("alive", 0, Mode.POD));
        PodSandbox dead = pods.run(request("dead", 0, Mode.POD));
        fakes.running.remove(dead.id()); // its monitor died while jdockd was down
        PodSandboxes restarted = sandboxes(new PodSandboxStore(tmp));
        assertEquals(1, restarted.reconcile());
        assertEquals(State.SANDBOX_READY, restarted.status(alive.id()).state());
        PodSandboxStore reread = new PodSandboxStore(tmp);
        reread.load();
        assertEquals(State.SANDBOX_NOTREADY, reread.get(dead.id()).orElseThrow().state(), "recorded");
        assertEquals(State.SANDBOX_READY, reread.get(alive.id()).orElseThrow().state());
        assertEquals(0, restarted.reconcile(), "once");
    }

    @Test
    void aRecordLeftMidwayByAKilledRun_isRemovable_itsNetnsAndCniUndone() {
        PodSandboxStore store = new PodSandboxStore(tmp);
        PodSandboxes pods = sandboxes(store);
        PodSandbox s = pods.run(request("web", 0, Mode.POD));
        // as a jdockd killed after the netns was made but before it was recorded, and one killed after the ADD
        PodSandbox beforeNetns = s.withNetwork("", List.of()).withInfra(0, 0).withState(State.SANDBOX_NOTREADY);
        store.putUnsynced(beforeNetns); // as the run writes its first record: not synced, there after a kill -9
        PodSandboxes restarted = sandboxes(new PodSandboxStore(tmp));
        restarted.reconcile();
        fakes.calls.clear();
        restarted.remove(s.id(), Duration.ZERO);
        assertEquals(List.of("stop", "rmns", "cleanup"), fakes.calls, "the netns named after the id goes");
        assertTrue(restarted.list(null).isEmpty());

        PodSandbox afterAdd = pods.run(request("web", 1, Mode.POD)).withInfra(0, 0)
                .withState(State.SANDBOX_NOTREADY);
        new PodSandboxStore(tmp).put(afterAdd);
        PodSandboxes again = sandboxes(new PodSandboxStore(tmp));
        fakes.calls.clear();
        again.remove(afterAdd.id(), Duration.ZERO);
        assertEquals(List.of("stop", "del 1", "rmns", "cleanup"), fakes.calls);
        assertTrue(fakes.netns.isEmpty());
        assertEquals(State.SANDBOX_READY, again.run(request("web", 1, Mode.POD)).state(), "the name is free");
    }

    @Test
    void stopAndRemove_endThePodsContainersFirst_beforeTheInfraAndTheNetwork() {
        PodSandboxStore store = new PodSandboxStore(tmp);
        store.load();
        PodSandboxes pods = new PodSandboxes(store, fakes, fakes, clock::incrementAndGet, new PodMembers() {
            @Override
            public void stopAll(String sandboxId) {
                fakes.calls.add("containers stop " + sandboxId.substring(0, 4));
            }

            @Override
            public void removeAll(String sandboxId) {
                fakes.calls.add("containers remove " + sandboxId.substring(0, 4));
            }
        });
        String id = pods.run(request("web", 0, Mode.POD)).id();
        fakes.calls.clear();

        pods.stop(id, Duration.ZERO);
        pods.remove(id, Duration.ZERO);
        pods.remove(id, Duration.ZERO);

        String p = id.substring(0, 4);
        assertEquals(List.of("containers stop " + p, "stop", "del 1", "rmns", "containers remove " + p, "stop",
                "del 1", "rmns", "cleanup"), fakes.calls, "a removed sandbox's containers are not asked again");
    }
}
