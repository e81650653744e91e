package dev.jdock.daemon.cri.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.container.FakeAppArmor;
import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.cri.pod.FakePods;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.v1.Container;
import dev.jdock.daemon.cri.v1.ContainerConfig;
import dev.jdock.daemon.cri.v1.ContainerFilter;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.ContainerState;
import dev.jdock.daemon.cri.v1.ContainerStateValue;
import dev.jdock.daemon.cri.v1.ContainerStatus;
import dev.jdock.daemon.cri.v1.ExecSyncResponse;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.LinuxContainerConfig;
import dev.jdock.daemon.cri.v1.LinuxContainerResources;
import dev.jdock.daemon.cri.v1.LinuxContainerSecurityContext;
import dev.jdock.daemon.cri.v1.Mount;
import dev.jdock.daemon.cri.v1.SecurityProfile;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.monitor.UserFile;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container calls' logic on a fake engine and fake pods: containerd's checks, errors and idempotence. */
class CriContainersTest {
    private static final String IMAGE = "sha256:" + "b".repeat(64);

    @TempDir
    Path dir;
    private final FakePods pods = new FakePods();
    private final FakeEngine engine = new FakeEngine();
    private final FakeImages images = new FakeImages().add("busybox:latest", IMAGE);
    private PodSandboxes sandboxes;
    private CriContainers containers;
    private String sb;

    @BeforeEach
    void setUp() {
        sandboxes = pods.sandboxes(dir.resolve("sandboxes"), new SandboxMembers(engine));
        containers = engine.containers(sandboxes, images, dir.resolve("pods"));
        sb = sandboxes.run(new PodSandboxes.Request(new PodSandbox.Metadata("web", "uid-1", "prod", 0), "web",
                dir.resolve("logs").toString(), Map.of(), Map.of(), "", "", new PodSandbox.Namespaces(null, null,
                        null), new RuntimeConfig(List.of(), null, null))).id();
    }

    private static ContainerConfig config(String name) {
        return ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setLogPath(name + "/0.log")
                .putLabels("app", name).build();
    }

    /** On an AppArmor host: the profile reaches the engine as a security option; an unloaded one creates nothing. */
    @Test
    void create_onAnAppArmorHost_asksTheEngineForTheProfile_andRefusesAnUnloadedOne() {
        CriContainers onAppArmor = engine.containers(sandboxes, images, dir.resolve("pods"),
                new FakeAppArmor(true, "docker-default", "k8s-deny-write"));
        String named = onAppArmor.create(sb, config("named").toBuilder().setLinux(LinuxContainerConfig.newBuilder()
                .setSecurityContext(LinuxContainerSecurityContext.newBuilder().setApparmor(SecurityProfile
                        .newBuilder().setProfileType(SecurityProfile.ProfileType.Localhost)
                        .setLocalhostRef("k8s-deny-write")))).build());
        assertEquals(List.of("apparmor=k8s-deny-write"), engine.requests.get(named).hostConfig().securityOpt()
                .stream().filter(o -> o.startsWith("apparmor")).toList());
        String dflt = onAppArmor.create(sb, config("default"));
        List<String> opts = engine.requests.get(dflt).hostConfig().securityOpt();
        assertTrue(opts == null || opts.stream().noneMatch(o -> o.startsWith("apparmor")), "the engine's default");
        int before = engine.requests.size();
        EngineException e = assertThrows(EngineException.class, () -> onAppArmor.create(sb, config("unloaded")
                .toBuilder().setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                        LinuxContainerSecurityContext.newBuilder().setApparmorProfile("localhost/not-loaded")))
                .build()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(before, engine.requests.size(), "nothing created");
    }

    @Test
    void create_startAndStatus_asContainerdShowsThem() {
        String id = containers.create(sb, config("app"));

        ContainerStatus created = containers.status(id);
        assertEquals(ContainerState.CONTAINER_CREATED, created.getState());
        assertEquals("app", created.getMetadata().getName());
        assertEquals("docker.io/library/busybox:latest", created.getImage().getImage(), "the image's first tag");
        assertEquals("docker.io/library/busybox@sha256:" + "d".repeat(64), created.getImageRef(),
                "the image's digest");
        assertEquals(IMAGE, created.getImageId());
        assertEquals(dir.resolve("logs/app/0.log").toString(), created.getLogPath());
        assertEquals(Map.of("app", "app"), created.getLabelsMap(), "jdock's own label is not shown");
        containers.start(id.substring(0, 8));
        assertEquals(ContainerState.CONTAINER_RUNNING, containers.status(id).getState());
        engine.exit(id, 0, false);
        ContainerStatus done = containers.status(id);
        assertEquals(ContainerState.CONTAINER_EXITED, done.getState());
        assertEquals("Completed", done.getReason());
        assertTrue(done.getFinishedAt() > done.getStartedAt() && done.getStartedAt() > done.getCreatedAt());
    }

    @Test
    void status_anImageVolumesImageRef_isTheIdOfTheImageItMounts() {
        String id = containers.create(sb, config("app").toBuilder().addMounts(Mount.newBuilder()
                .setContainerPath("/img").setReadonly(true).setImage(ImageSpec.newBuilder().setImage("busybox:latest")
                        .setUserSpecifiedImage("busybox"))).build());

        Mount m = containers.status(id).getMounts(0);
        assertEquals("/img", m.getContainerPath());
        assertEquals("busybox:latest", m.getImage().getImage(), "the image as the kubelet gave it");
        assertEquals(IMAGE, m.getImage().getImageRef(), "critest's image volume spec: PullImage's image_ref");
    }

    @Test
    void create_anImageVolumesSubPathNotInTheImage_isRefused_andTheContainerRemoved() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("layer/etc"));
        Files.writeString(layer.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        images.mountLayers.put(1, List.of(dir.resolve("layer")));
        ContainerConfig two = config("app").toBuilder()
                .addMounts(Mount.newBuilder().setContainerPath("/a").setReadonly(true)
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")))
                .addMounts(Mount.newBuilder().setContainerPath("/b").setReadonly(true)
                        .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).setImageSubPath("not-existing"))
                .build();

        EngineException e = assertThrows(EngineException.class, () -> containers.create(sb, two));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("sub path \"not-existing\" does not exist"), e.getMessage());
        assertTrue(engine.containers.isEmpty(), "removed again: " + engine.calls);
        String ok = containers.create(sb, two.toBuilder().setMounts(1, two.getMounts(1).toBuilder()
                .setImageSubPath("etc/passwd")).build());
        assertEquals(ContainerState.CONTAINER_CREATED, containers.status(ok).getState(), "a sub path in the image");
    }

    @Test
    void status_showsTheIdentityTheInitReported_andNoneBeforeIt() {
        String id = containers.create(sb, config("app"));
        assertFalse(containers.status(id).hasUser(), "not started: no report yet");
        containers.start(id);
        engine.users.put(id, new UserFile.Identity(1000, 3000, List.of(3000L, 4000L, 50000L)));

        ContainerStatus s = containers.status(id);
        assertEquals(1000, s.getUser().getLinux().getUid());
        assertEquals(3000, s.getUser().getLinux().getGid());
        assertEquals(List.of(3000L, 4000L, 50000L), s.getUser().getLinux().getSupplementalGroupsList());
    }

    @Test
    void create_inASandboxThatIsNotReady_isAFailedPrecondition_andAnUnknownOneNotFound() {
        sandboxes.stop(sb, Duration.ZERO);

        EngineException e = assertThrows(EngineException.class, () -> containers.create(sb, config("app")));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("is not running"), e.getMessage());
        EngineException gone = assertThrows(EngineException.class, () -> containers.create("f".repeat(64),
                config("app")));
        assertEquals(ErrorKind.NOT_FOUND, gone.kind());
    }

    @Test
    void start_aftersTheSandboxStopped_isRefused_andAStartedContainerCannotStartAgain() {
        String id = containers.create(sb, config("app"));
        containers.start(id);
        EngineException again = assertThrows(EngineException.class, () -> containers.start(id));
        assertTrue(again.getMessage().contains("CONTAINER_RUNNING"), again.getMessage());
        String other = containers.create(sb, config("other"));
        pods.running.clear(); // the infra process died

        assertThrows(EngineException.class, () -> containers.start(other));
    }

    @Test
    void theSameNameTwice_isAlreadyExists_untilTheFirstIsRemoved() {
        String id = containers.create(sb, config("app"));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> containers.create(sb, config("app")));
        assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("is reserved for \"" + id + "\""));
        containers.remove(id);
        containers.create(sb, config("app"));
    }

    @Test
    void aCreateThatLosesTheStoresNameReservationToAnother_isAlreadyExistsToo() {
        engine.takenByAnother = "app_web_prod_uid-1_0";

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> containers.create(sb, config("app")));

        assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
    }

    @Test
    void anImageThatIsNotThere_isNotFound() {
        EngineException e = assertThrows(EngineException.class, () -> containers.create(sb,
                config("app").toBuilder().setImage(ImageSpec.newBuilder().setImage("nginx:missing")).build()));

        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("failed to resolve image \"nginx:missing\": not found", e.getMessage());
        assertTrue(engine.containers.isEmpty());
    }

    @Test
    void aMountsMissingHostPath_isMadeAsADirectory() {
        Path host = dir.resolve("host/data");
        containers.create(sb, config("app").toBuilder().addMounts(Mount.newBuilder().setHostPath(host.toString())
                .setContainerPath("/data")).build());

        assertTrue(Files.isDirectory(host));
    }

    @Test
    void stopAndRemove_areIdempotent_anUnknownIdIsNoError() {
        String id = containers.create(sb, config("app"));
        containers.start(id);

        containers.stop(id, 7);
        containers.stop(id, 7);
        assertEquals(List.of("create app_web_prod_uid-1_0", "start " + id.substring(0, 4),
                "stop " + id.substring(0, 4) + " 7", "stop " + id.substring(0, 4) + " 7"), engine.calls);
        assertEquals(137, containers.status(id).getExitCode());
        assertEquals("Error", containers.status(id).getReason());
        engine.calls.clear();
        containers.stop("0123", 1); // critest's Idempotence: StopContainer of an ID that never existed
        assertEquals(List.of(), engine.calls, "nothing to stop");
        containers.remove("0123456789");
        containers.remove(id);
        containers.remove(id);
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> containers.status(id)).kind());
    }

    @Test
    void list_filtersByIdPrefix_state_sandbox_andLabels() {
        String a = containers.create(sb, config("a"));
        String b = containers.create(sb, config("b"));
        containers.start(b);

        assertEquals(List.of(a, b), ids(ContainerFilter.getDefaultInstance()));
        assertEquals(List.of(b), ids(ContainerFilter.newBuilder().setState(ContainerStateValue.newBuilder()
                .setState(ContainerState.CONTAINER_RUNNING)).build()));
        assertEquals(List.of(a), ids(ContainerFilter.newBuilder().setId(a.substring(0, 6)).build()));
        assertEquals(List.of(a, b), ids(ContainerFilter.newBuilder().setPodSandboxId(sb.substring(0, 10)).build()));
        assertEquals(List.of(), ids(ContainerFilter.newBuilder().setPodSandboxId("ffff").build()));
        assertEquals(List.of(b), ids(ContainerFilter.newBuilder().putLabelSelector("app", "b").build()));
        Container item = containers.list(ContainerFilter.newBuilder().setId(b).build()).get(0);
        assertEquals(sb, item.getPodSandboxId());
        assertEquals(ContainerState.CONTAINER_RUNNING, item.getState());
    }

    private List<String> ids(ContainerFilter f) {
        return containers.list(f).stream().map(Container::getId).toList();
    }

    @Test
    void execSync_returnsTheStreamsAndExitCode_withContainerdsBound_andATimeoutIsDeadlineExceeded() {
        String id = containers.create(sb, config("app"));
        containers.start(id);
        engine.execResult = new ContainerEngine.ExecResult(3, "out".getBytes(StandardCharsets.UTF_8),
                "err".getBytes(StandardCharsets.UTF_8));

        ExecSyncResponse r = containers.execSync(id, List.of("sh", "-c", "x"), 5);
        assertEquals(3, r.getExitCode());
        assertArrayEquals("out".getBytes(StandardCharsets.UTF_8), r.getStdout().toByteArray());
        assertArrayEquals("err".getBytes(StandardCharsets.UTF_8), r.getStderr().toByteArray());
        assertEquals("exec sh -c x 5 " + (16 << 20), engine.calls.get(engine.calls.size() - 1));
        engine.execResult = null;
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> containers.execSync(id, List.of("sleep", "9"), 1));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertThrows(EngineException.class, () -> containers.execSync(id, List.of(), 1));
    }

    @Test
    void stopPodSandbox_stopsItsContainers_removePodSandbox_removesThem() {
        String a = containers.create(sb, config("a"));
        String b = containers.create(sb, config("b"));
        containers.start(a);

        sandboxes.stop(sb, Duration.ZERO);
        assertEquals(ContainerState.CONTAINER_EXITED, containers.status(a).getState());
        assertEquals(ContainerState.CONTAINER_CREATED, containers.status(b).getState());
        assertTrue(engine.calls.contains("stop " + a.substring(0, 4) + " 0"), "SIGKILL at once: " + engine.calls);
        sandboxes.remove(sb, Duration.ZERO);
        assertTrue(engine.containers.isEmpty());
        assertEquals(List.of(), containers.ofSandbox(sb));
    }

    @Test
    void updateResources_asAnEngineUpdate_withContainerdsSwap_andReopenLogOnlyWhileRunning() {
        String id = containers.create(sb, config("app"));
        containers.updateResources(id, LinuxContainerResources.newBuilder().setMemoryLimitInBytes(32 << 20)
                .setCpuQuota(20000).build());
        assertEquals("update " + id.substring(0, 4) + " memory=" + (32 << 20) + " swap=" + (32 << 20)
                + " quota=20000", engine.calls.get(engine.calls.size() - 1));
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class, () -> containers.reopenLog(id)).kind());
        containers.start(id);

        containers.reopenLog(id.substring(0, 6));

        assertEquals("reopen " + id.substring(0, 4), engine.calls.get(engine.calls.size() - 1));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> containers.updateResources("ffff", LinuxContainerResources.getDefaultInstance())).kind());
    }
}
