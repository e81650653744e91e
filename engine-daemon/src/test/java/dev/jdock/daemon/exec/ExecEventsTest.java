package dev.jdock.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerAccess;
import dev.jdock.daemon.container.ContainerNetworking;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.container.FakeAppArmor;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.runtime.process.ExecLauncher;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec_create / exec_start / exec_die as moby emits them: container events with execID (and exitCode). */
class ExecEventsTest {
    private static final String CID = "c".repeat(64);

    record Emitted(String type, String action, String actorId, Map<String, String> attributes) {
    }

    /** An EventSink that records what it is given. */
    static final class RecordingSink implements EventSink {
        final List<Emitted> events = new CopyOnWriteArrayList<>();

        @Override
        public void emit(String type, String action, String actorId, Map<String, String> attributes) {
            events.add(new Emitted(type, action, actorId, Map.copyOf(attributes)));
        }
    }

    @TempDir
    Path root;

    private final RecordingSink sink = new RecordingSink();

    private final FakeAppArmor appArmor = new FakeAppArmor(true);

    private ExecService service() {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        ContainerConfig cfg = ContainerConfig.builder().image("busybox").cmd(List.of("top"))
                .labels(Map.of("team", "a")).build();
        Container c = store.add(new ContainerRecord(CID, "t", "2024-01-01T00:00:00Z", "top", List.of(),
                "sha256:" + "1".repeat(64), cfg, null));
        store.update(c, ContainerRunState.created().running(4242, 4243, "2024-01-01T00:00:01Z"));
        ContainerAccess containers = new ContainerAccess(store, noLinks(), sink);
        return new ExecService(containers, root.resolve("run"), new ExecLauncher(root.resolve("no-monitor")), 0L,
                new AppArmorProfiles(appArmor, root.resolve("apparmor.d")));
    }

    /** Of the network feature, create, claim and exit bookkeeping use only the links' environment: none here. */
    private static ContainerNetworking noLinks() {
        return (ContainerNetworking) Proxy.newProxyInstance(ContainerNetworking.class.getClassLoader(),
                new Class<?>[] {ContainerNetworking.class}, (p, m, a) -> {
                    if (m.getName().equals("linkEnv")) {
                        return List.of();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ExecConfig exec(String... cmd) {
        return new ExecConfig("", false, false, null, false, true, true, false, "", List.of(), "", List.of(cmd));
    }

    private static Map<String, String> containerAttrs(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("name", "t", "image", "busybox", "team", "a"));
        m.putAll(extra);
        return m;
    }

    @Test
    void createStartExit_emitMobysActionsAndAttributes_dieOnce() {
        ExecService service = service();
        String id = service.create("t", exec("sh", "-c", "exit 3"));
        ExecSession s = service.claim(id);
        service.processExited(s, 3);
        service.processExited(s, 137);

        assertEquals(List.of(
                new Emitted("container", "exec_create: sh -c exit 3", CID, containerAttrs(Map.of("execID", id))),
                new Emitted("container", "exec_start: sh -c exit 3", CID, containerAttrs(Map.of("execID", id))),
                new Emitted("container", "exec_die", CID, containerAttrs(Map.of("execID", id, "exitCode", "3")))),
                sink.events);
        assertEquals(3, s.inspect().exitCode());
    }

    @Test
    void commandWithoutArguments_keepsMobysTrailingSpace() {
        ExecService service = service();
        service.create("t", exec("ls"));
        assertEquals("exec_create: ls ", sink.events.get(0).action());
    }

    @Test
    void launchFailure_noProcessRan_noExecDie() {
        ExecService service = service();
        ExecSession s = service.claim(service.create("t", exec("true")));
        // there is no runtime spec for the container: the launch fails before any process exists
        assertThrows(EngineException.class, () -> service.launch(s, 0, 0));
        assertEquals(126, s.inspect().exitCode());
        assertEquals(List.of("exec_create: true ", "exec_start: true "),
                sink.events.stream().map(Emitted::action).toList());
    }

    /**
     * An exec in a container that runs under docker-default loads the profile again if something unloaded it since
     * the start (moby's execSetPlatformOpt), before the exec's monitor is launched; one under another profile does
     * not.
     */
    @Test
    void anExecUnderTheDefaultProfile_reloadsItWhenUnloaded() throws Exception {
        ExecService service = service();
        java.nio.file.Path spec = root.resolve("run/containers").resolve(CID).resolve("spec");
        java.nio.file.Files.createDirectories(spec.getParent());
        java.nio.file.Files.writeString(spec, "jdock-spec 1\nid " + CID + "\nbundle /b\nrundir /r\nrootfs bind /x /y\n"
                + "arg top\ncwd /\napparmor docker-default\nend\n");
        ExecSession s = service.claim(service.create("t", exec("true")));
        assertThrows(EngineException.class, () -> service.launch(s, 0, 0)); // no monitor binary here
        assertEquals(1, appArmor.loads().size(), "loaded before the launch");
        assertEquals(java.util.Set.of("docker-default"), appArmor.loaded());

        ExecSession again = service.claim(service.create("t", exec("true")));
        assertThrows(EngineException.class, () -> service.launch(again, 0, 0));
        assertEquals(1, appArmor.loads().size(), "still loaded: not again");

        java.nio.file.Files.writeString(spec, java.nio.file.Files.readString(spec).replace("docker-default", "mine"));
        appArmor.unload("docker-default");
        ExecSession other = service.claim(service.create("t", exec("true")));
        assertThrows(EngineException.class, () -> service.launch(other, 0, 0));
        assertEquals(1, appArmor.loads().size(), "another profile: the default is not loaded for it");
    }

    /** Clients resize right after start: as moby, the resize waits for the process instead of failing at once. */
    @Test
    void resize_waitsForTheStart() throws Exception {
        ExecService service = service();
        ExecSession s = service.claim(service.create("t", exec("sh")));
        java.util.concurrent.CompletableFuture<Throwable> outcome = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        service.resize(s.id(), 30, 100);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
        Thread.sleep(200);
        assertEquals(false, outcome.isDone(), "the resize waits while the exec is starting");
        service.processExited(s, 0);
        Throwable t = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("no such exec", t.getMessage(), "and then reports the exec gone, as dockerd's 404");
        assertEquals(dev.jdock.daemon.errors.ErrorKind.NOT_FOUND, ((EngineException) t).kind());
    }

    @Test
    void rejectedCreate_emitsNothing() {
        ExecService service = service();
        assertThrows(EngineException.class, () -> service.create("t", exec("")));
        assertEquals(List.of(), sink.events);
    }
}
