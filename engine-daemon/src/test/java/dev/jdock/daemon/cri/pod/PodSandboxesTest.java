package dev.jdock.daemon.cri.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.daemon.cri.pod.PodSandbox.State;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
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
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> pods.status(s.id())).kind());
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
