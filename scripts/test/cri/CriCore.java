import dev.jdock.daemon.cri.v1.*;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The checks of scripts/test/e2e-critest-core.sh: what cri-tools' critest sends and asserts in its runtime info,
 * pod, container, multi-container, idempotence, image and image volume specs, written anew in Java (one JVM runs a
 * group of checks). {@code CriCore SOCKET GROUP [key=value...]}: prints one line per step; exits 0 when the group
 * passed, 1 with {@code FAIL: why} when a check failed, 3 with {@code SKIP: why} when critest would skip it.
 * Options: {@code image} (critest's default test image), {@code httpd}, {@code reg} (the local registry's host:port
 * the e2e pushed its stand-ins to).
 */
public final class CriCore {
    private static final Pattern RFC3339_NANO =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)");

    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub rt;
    private final ImageServiceGrpc.ImageServiceBlockingStub img;
    private final Map<String, String> opt;
    private final List<Runnable> cleanups = new ArrayList<>();

    private CriCore(ManagedChannel ch, Map<String, String> opt) {
        this.rt = RuntimeServiceGrpc.newBlockingStub(ch);
        this.img = ImageServiceGrpc.newBlockingStub(ch);
        this.opt = opt;
    }

    static final class Skipped extends RuntimeException {
        Skipped(String why) {
            super(why);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        CriChannel ch = new CriChannel(args[0]);
        CriCore c = new CriCore(ch.channel, opt);
        int rc = 0;
        try {
            c.run(args[1]);
            System.out.println("PASS: " + args[1]);
        } catch (Skipped e) {
            System.out.println("SKIP: " + e.getMessage());
            rc = 3;
        } catch (AssertionError | RuntimeException e) {
            System.out.println("FAIL: " + e);
            e.printStackTrace(System.out);
            rc = 1;
        } finally {
            for (int i = c.cleanups.size() - 1; i >= 0; i--) {
                try {
                    c.cleanups.get(i).run();
                } catch (RuntimeException e) {
                    System.out.println("cleanup: " + e);
                }
            }
            ch.close();
        }
        System.exit(rc);
    }

    private void run(String check) throws Exception {
        switch (check) {
            case "runtime-info" -> runtimeInfo();
            case "pod-basic" -> podBasic();
            case "pod-sysctls" -> podSysctls();
            case "idempotence" -> idempotence();
            case "container-basic" -> containerBasic();
            case "container-exec" -> containerExec();
            case "container-stats" -> containerStats();
            case "container-volume" -> containerVolume();
            case "container-log" -> containerLog();
            case "container-reopen-log" -> containerReopenLog();
            case "mount-propagation" -> mountPropagation();
            case "readonly-mounts" -> readonlyMounts();
            case "oom" -> oom();
            case "multi-container" -> multiContainer();
            case "image-pull" -> imagePull();
            case "image-references" -> imageReferences();
            case "image-user" -> imageUser();
            case "image-lists" -> imageLists();
            case "image-consistency" -> imageConsistency();
            case "image-id-consistency" -> imageIdConsistency();
            case "image-volume" -> imageVolume();
            case "cgroup-mount-mode" -> cgroupMountMode();
            default -> throw new IllegalArgumentException("no check " + check);
        }
    }

    // ---- helpers, as critest's framework does them

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static void eq(Object want, Object got, String what) {
        if (!java.util.Objects.equals(want, got)) {
            throw new AssertionError(what + ": want <" + want + "> got <" + got + ">");
        }
    }

    /** A spec critest skips on this answer (not a failure): noted in the output. */
    static void noteSkip(boolean skipped, String why) {
        if (skipped) {
            System.out.println("  critest skips: " + why);
        }
    }

    static void step(String s) {
        System.out.println("  " + s);
    }

    /** critest's Eventually: polls until true (the e2e's own timeout bounds a hang). */
    static void eventually(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(100);
        }
    }

    private String image() {
        return opt.getOrDefault("image", "registry.k8s.io/e2e-test-images/busybox:1.29-2");
    }

    private String reg() {
        String r = opt.get("reg");
        if (r == null || r.isEmpty()) {
            throw new Skipped("no local registry (reg=)");
        }
        return r;
    }

    private String cgroupParent() {
        RuntimeConfigResponse r = rt.runtimeConfig(RuntimeConfigRequest.getDefaultInstance());
        return r.getLinux().getCgroupDriver() == CgroupDriver.CGROUPFS ? "" : "/test.slice";
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private PodSandboxConfig.Builder podConfig(String prefix) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(prefix + uuid())
                        .setUid("cri-test-uid" + uuid()).setNamespace("cri-test-namespace" + uuid()).setAttempt(2))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(cgroupParent()));
    }

    /** RunPodSandbox; the pod is stopped and removed at the end (critest's AfterEach, which must succeed). */
    private String runPod(PodSandboxConfig cfg) {
        String id = rt.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(cfg).build()).getPodSandboxId();
        cleanups.add(() -> {
            rt.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
            rt.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        });
        step("pod " + id);
        return id;
    }

    private PodSandboxStatus podStatus(String id) {
        return rt.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build()).getStatus();
    }

    private boolean podListed(String id) {
        return rt.listPodSandbox(ListPodSandboxRequest.newBuilder()
                        .setFilter(PodSandboxFilter.newBuilder().setId(id)).build()).getItemsList().stream()
                .anyMatch(p -> p.getId().equals(id));
    }

    private Image imageStatus(String name) {
        ImageStatusResponse r = img.imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(name)).build());
        return r.hasImage() ? r.getImage() : null;
    }

    /** critest's PrepareImageName + PullPublicImage (no registry prefix: the e2e's names are qualified). */
    private String pull(String name, PodSandboxConfig pod) {
        String n = name.contains("@") || name.substring(name.lastIndexOf('/') + 1).contains(":") ? name
                : name + ":latest";
        PullImageRequest.Builder b = PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(n));
        if (pod != null) {
            b.setSandboxConfig(pod);
        }
        return img.pullImage(b.build()).getImageRef();
    }

    /** critest's removeImage: ImageStatus, then RemoveImage by the ID. */
    private void removeImage(String name) {
        Image i = imageStatus(name);
        if (i != null) {
            img.removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(i.getId()))
                    .build());
        }
    }

    /** critest's CreateContainerWithError: pulls when ImageStatus finds nothing, sets user_specified_image. */
    private String createContainer(String pod, PodSandboxConfig podCfg, ContainerConfig.Builder cfg) {
        String name = cfg.getImage().getImage();
        if (!name.contains(":")) {
            name += ":latest";
        }
        if (imageStatus(name) == null) {
            pull(name, podCfg);
        }
        if (cfg.getImage().getUserSpecifiedImage().isEmpty()) {
            cfg.setImage(cfg.getImage().toBuilder().setUserSpecifiedImage(name));
        }
        String id = rt.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod).setConfig(cfg)
                .setSandboxConfig(podCfg).build()).getContainerId();
        step("container " + id + " (" + cfg.getMetadata().getName() + ")");
        return id;
    }

    private ContainerConfig.Builder containerConfig(String prefix, String... command) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(prefix + uuid()).setAttempt(2))
                .setImage(ImageSpec.newBuilder().setImage(image()))
                .addAllCommand(List.of(command))
                .setLinux(LinuxContainerConfig.getDefaultInstance());
    }

    private String defaultContainer(String pod, PodSandboxConfig podCfg, String prefix) {
        return createContainer(pod, podCfg, containerConfig(prefix, "top"));
    }

    private String pauseContainer(String pod, PodSandboxConfig podCfg, String prefix) {
        return createContainer(pod, podCfg, containerConfig(prefix, "sh", "-c", "top"));
    }

    private void start(String id) {
        rt.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    }

    private ContainerStatus status(String id) {
        return rt.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
    }

    private void startRunning(String id) throws InterruptedException {
        start(id);
        eventually(() -> status(id).getState() == ContainerState.CONTAINER_RUNNING, id + " RUNNING");
    }

    private void stopExited(String id) throws InterruptedException {
        rt.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(60).build());
        eventually(() -> status(id).getState() == ContainerState.CONTAINER_EXITED, id + " EXITED");
    }

    private void remove(String id) {
        rt.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
    }

    private boolean containerListed(String id) {
        return rt.listContainers(ListContainersRequest.newBuilder()
                        .setFilter(ContainerFilter.newBuilder().setId(id)).build()).getContainersList().stream()
                .anyMatch(c -> c.getId().equals(id));
    }

    private ExecSyncResponse exec(String id, long timeout, String... cmd) {
        return rt.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(cmd))
                .setTimeout(timeout).build());
    }

    /** critest's execSyncContainer: no error (an exit code other than 0 is one, as cri-client makes it). */
    private String execOk(String id, String... cmd) {
        ExecSyncResponse r = exec(id, 30, cmd);
        eq(0, r.getExitCode(), "exit code of " + List.of(cmd) + " (stderr " + r.getStderr().toStringUtf8() + ")");
        eq("", r.getStderr().toStringUtf8(), "stderr of " + List.of(cmd));
        return r.getStdout().toStringUtf8();
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            step("  -> " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return e.getStatus().getCode();
        }
    }

    private static Path tempDir(String prefix) throws Exception {
        return Files.createTempDirectory(prefix);
    }

    private static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", cmd).inheritIO().start();
        eq(0, p.waitFor(), "host command " + cmd);
    }

    // ---- runtime_info.go, status.go

    private void runtimeInfo() {
        VersionResponse v = rt.version(VersionRequest.newBuilder().setVersion("0.1.0").build());
        check(!v.getVersion().isEmpty() && !v.getRuntimeName().isEmpty() && !v.getRuntimeVersion().isEmpty()
                && !v.getRuntimeApiVersion().isEmpty(), "version fields: " + v);
        StatusResponse s = rt.status(StatusRequest.getDefaultInstance());
        int ready = 0;
        for (RuntimeCondition c : s.getStatus().getConditionsList()) {
            step(c.getType() + " " + c.getStatus() + " " + c.getReason() + " " + c.getMessage());
            if ((c.getType().equals("RuntimeReady") || c.getType().equals("NetworkReady")) && c.getStatus()) {
                ready++;
            }
        }
        eq(2, ready, "RuntimeReady and NetworkReady true");
    }

    // ---- pod.go, idempotence.go

    private void podBasic() {
        String a = runPod(podConfig("PodSandbox-for-create-test-").build());
        eq(PodSandboxState.SANDBOX_READY, podStatus(a).getState(), "a new pod's state");
        check(podListed(a), "ListPodSandbox by id lists the pod");
        String b = runPod(podConfig("PodSandbox-for-test-stop-").build());
        rt.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(b).build());
        eq(PodSandboxState.SANDBOX_NOTREADY, podStatus(b).getState(), "a stopped pod's state");
        rt.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(b).build());
        eq(PodSandboxState.SANDBOX_NOTREADY, podStatus(b).getState(), "a pod stopped twice");
        rt.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(b).build());
        check(!podListed(b), "a removed pod is not listed");
    }

    private void idempotence() throws InterruptedException {
        eq(Status.Code.OK, code(() -> rt.stopPodSandbox(StopPodSandboxRequest.newBuilder()
                .setPodSandboxId(uuid()).build())), "StopPodSandbox of an unknown pod");
        eq(Status.Code.OK, code(() -> rt.removePodSandbox(RemovePodSandboxRequest.newBuilder()
                .setPodSandboxId(uuid()).build())), "RemovePodSandbox of an unknown pod");
        eq(Status.Code.OK, code(() -> rt.stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(uuid()).build())), "StopContainer of an unknown container");
        eq(Status.Code.OK, code(() -> remove(uuid())), "RemoveContainer of an unknown container");
        String zeros = "0".repeat(64);
        for (int i = 0; i < 2; i++) {
            eq(Status.Code.OK, code(() -> img.removeImage(RemoveImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(zeros)).build())), "RemoveImage of an unknown image");
        }
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        String c = pauseContainer(pod, cfg, "idempotence-container-");
        startRunning(c);
        stopExited(c);
        eq(Status.Code.OK, code(() -> rt.stopContainer(StopContainerRequest.newBuilder().setContainerId(c)
                .setTimeout(60).build())), "StopContainer of a stopped container");
        remove(c);
        remove(c);
        check(!containerListed(c), "removed");
    }

    // ---- pod_linux.go

    private void podSysctls() throws InterruptedException {
        for (String[] s : new String[][] {{"kernel.shm_rmid_forced", "1", "/proc/sys/kernel/shm_rmid_forced"},
                {"fs.mqueue.msg_max", "100", "/proc/sys/fs/mqueue/msg_max"}}) {
            PodSandboxConfig.Builder b = podConfig("pod-sandbox-with-sysctls-");
            b.setLinux(b.getLinux().toBuilder().putSysctls(s[0], s[1]));
            PodSandboxConfig cfg = b.build();
            String pod = runPod(cfg);
            String c = defaultContainer(pod, cfg, "container-sysctl-");
            start(c);
            ExecSyncResponse r = exec(c, 30, "cat", s[2]);
            eq(0, r.getExitCode(), "cat " + s[2]);
            eq(s[1], r.getStdout().toStringUtf8().trim(), s[0]);
        }
    }

    // ---- container.go

    private void containerBasic() throws InterruptedException {
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        String created = defaultContainer(pod, cfg, "container-for-create-");
        check(containerListed(created), "a created container is listed by id");
        eq(ContainerState.CONTAINER_CREATED, status(created).getState(), "a created container's state");
        String started = defaultContainer(pod, cfg, "container-for-start-test-");
        startRunning(started);
        String stopped = defaultContainer(pod, cfg, "container-for-stop-test-");
        start(stopped);
        stopExited(stopped);
        String rmCreated = pauseContainer(pod, cfg, "container-for-remove-created-test-");
        remove(rmCreated);
        check(!containerListed(rmCreated), "a removed created container is not listed");
        String rmRunning = pauseContainer(pod, cfg, "container-for-remove-running-test-");
        start(rmRunning);
        remove(rmRunning);
        check(!containerListed(rmRunning), "a removed running container is not listed");
        String rmStopped = pauseContainer(pod, cfg, "container-for-remove-stopped-test-");
        start(rmStopped);
        stopExited(rmStopped);
        remove(rmStopped);
        check(!containerListed(rmStopped), "a removed stopped container is not listed");
    }

    private void containerExec() {
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        String c = defaultContainer(pod, cfg, "container-for-execSync-test-");
        start(c);
        eq("hello", execOk(c, "echo", "-n", "hello"), "echo -n hello");
        String t = defaultContainer(pod, cfg, "container-for-execSync-timeout-test-");
        start(t);
        Status.Code timedOut = code(() -> exec(t, 1, "sleep", "4321"));
        check(timedOut != Status.Code.OK, "ExecSync with a 1 s timeout of sleep 4321 fails");
        ExecSyncResponse r = exec(t, 30, "sh", "-c", "pgrep sleep || true");
        eq(0, r.getExitCode(), "pgrep exit code");
        eq("", r.getStderr().toStringUtf8(), "pgrep stderr");
        eq("", r.getStdout().toStringUtf8().trim(), "no sleep left after the timeout");
    }

    private void containerStats() {
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        String c = defaultContainer(pod, cfg, "container-for-stats-");
        start(c);
        ContainerStats s = rt.containerStats(ContainerStatsRequest.newBuilder().setContainerId(c).build()).getStats();
        eq(c, s.getAttributes().getId(), "stats id");
        check(s.getAttributes().getMetadata().getName().contains("container-for-stats-"), "stats name");
        check(s.getCpu().getTimestamp() != 0, "cpu timestamp");
        check(s.getMemory().getTimestamp() != 0, "memory timestamp");
        check(statFound(ContainerStatsFilter.newBuilder().setId(c).build(), c), "stats by id filter");
        List<String> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(defaultContainer(pod, cfg, "container-for-stats-with-nil-filter-"));
        }
        three.forEach(this::start);
        for (String id : three) {
            check(statFound(null, id), "stats without a filter list " + id);
        }
        ContainerConfig.Builder lb = containerConfig("container-for-stats-with-labels-", "top").putLabels("foo", "bar");
        String l = createContainer(pod, cfg, lb);
        start(l);
        check(statFound(ContainerStatsFilter.newBuilder().putLabelSelector("foo", "bar").build(), l), "foo=bar");
        check(!statFound(ContainerStatsFilter.newBuilder().putLabelSelector("foo", "baz").build(), l), "foo=baz");
    }

    private boolean statFound(ContainerStatsFilter f, String id) {
        ListContainerStatsRequest.Builder b = ListContainerStatsRequest.newBuilder();
        if (f != null) {
            b.setFilter(f);
        }
        return rt.listContainerStats(b.build()).getStatsList().stream()
                .anyMatch(s -> s.getAttributes().getId().equals(id));
    }

    private void containerVolume() throws Exception {
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        Path host = tempDir("test" + pod);
        Files.createFile(host.resolve("testVolume.file"));
        Path link = Path.of(host + "-symlink");
        Files.createSymbolicLink(link, host);
        cleanups.add(() -> {
            try {
                sh("rm -rf '" + host + "' '" + link + "'");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        for (Path p : List.of(host, link)) {
            ContainerConfig.Builder b = containerConfig("container-with-volume-test-", "sh", "-c", "top")
                    .clearLinux().addMounts(Mount.newBuilder().setHostPath(p.toString())
                            .setContainerPath(p.toString()).setSelinuxRelabel(true));
            String c = createContainer(pod, cfg, b);
            startRunning(c);
            check(!execOk(c, "ls", "-A", p.toString()).isEmpty(), "the volume at " + p + " is not empty");
        }
    }

    private PodSandboxConfig logPod(Path[] dir) throws Exception {
        String name = "PodSandbox-with-log-directory-" + uuid();
        Path host = tempDir("podLogTest");
        Path logs = Files.createDirectories(host.resolve(name));
        dir[0] = logs;
        PodSandboxConfig.Builder b = podConfig("x").setLogDirectory(logs.toString());
        b.setMetadata(b.getMetadata().toBuilder().setName(name));
        cleanups.add(() -> {
            try {
                sh("rm -rf '" + host + "'");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        return b.build();
    }

    /** critest's parseLogLine: every line must parse (timestamp RFC3339Nano, stream, tag, log). */
    private static List<String[]> parseLog(Path file) throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ", 4);
            check(f.length == 4 && RFC3339_NANO.matcher(f[0]).matches(), "a CRI log line: " + line);
            check(f[1].equals("stdout") || f[1].equals("stderr"), "stream of " + line);
            check(f[2].equals("F") || f[2].equals("P"), "tag of " + line);
            out.add(new String[] {f[0], f[1], f[3] + "\n"});
        }
        return out;
    }

    private void containerLog() throws Exception {
        Path[] dir = new Path[1];
        PodSandboxConfig cfg = logPod(dir);
        String pod = runPod(cfg);
        ContainerConfig.Builder b = containerConfig("container-with-log-test-", "echo", "hello World").clearLinux();
        b.setLogPath(b.getMetadata().getName() + ".log");
        String c = createContainer(pod, cfg, b);
        start(c);
        eventually(() -> status(c).getState() == ContainerState.CONTAINER_EXITED, "exited");
        ContainerStatus st = status(c);
        eq(0, st.getExitCode(), "exit code");
        eq("Completed", st.getReason(), "reason");
        check(st.getFinishedAt() >= st.getStartedAt() && st.getStartedAt() >= st.getCreatedAt(), "timestamps");
        eq(dir[0].resolve(b.getLogPath()).toString(), st.getLogPath(), "status log_path");
        boolean found = parseLog(dir[0].resolve(b.getLogPath())).stream()
                .anyMatch(m -> m[1].equals("stdout") && m[2].equals("hello World\n"));
        check(found, "'hello World' on stdout in the CRI log");
    }

    private void containerReopenLog() throws Exception {
        Path[] dir = new Path[1];
        PodSandboxConfig cfg = logPod(dir);
        String pod = runPod(cfg);
        ContainerConfig.Builder b = containerConfig("container-reopen-log-test-", "sh", "-c",
                "while true; do echo hello World; sleep 1; done").clearLinux();
        b.setLogPath(b.getMetadata().getName() + ".log");
        String c = createContainer(pod, cfg, b);
        start(c);
        Path log = dir[0].resolve(b.getLogPath());
        Path moved = dir[0].resolve(b.getLogPath() + ".new");
        eventually(() -> lines(log) > 0, "log lines");
        Files.move(log, moved);
        rt.reopenContainerLog(ReopenContainerLogRequest.newBuilder().setContainerId(c).build());
        check(Files.exists(log), "ReopenContainerLog made the log file again before it answered");
        eventually(() -> lines(log) > 0, "lines in the new log");
        int old = parseLog(moved).size();
        int now = lines(log);
        eventually(() -> lines(log) >= now + 2, "two more lines in the new log");
        eq(old, parseLog(moved).size(), "the old log did not grow");
        parseLog(log);
    }

    private static int lines(Path p) {
        try {
            return Files.exists(p) ? parseLog(p).size() : 0;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    // ---- container_linux.go

    private PodSandboxConfig privilegedPod() {
        PodSandboxConfig.Builder b = podConfig("create-Privileged-PodSandbox-for-container-");
        b.setLinux(b.getLinux().toBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                .setPrivileged(true)));
        return b.build();
    }

    private void mountPropagation() throws Exception {
        PodSandboxConfig cfg = privilegedPod();
        String pod = runPod(cfg);
        for (MountPropagation p : List.of(MountPropagation.PROPAGATION_PRIVATE,
                MountPropagation.PROPAGATION_BIDIRECTIONAL, MountPropagation.PROPAGATION_HOST_TO_CONTAINER)) {
            step(p.toString());
            Path host = tempDir("test" + pod);
            Path src = host.resolve("mnt");
            Path point = src.resolve("propagationMnt");
            Path srcDir = host.resolve("propagationSrcDir");
            Files.createDirectories(point);
            Files.createDirectories(srcDir);
            Files.createFile(srcDir.resolve("flagFile"));
            String mode = p == MountPropagation.PROPAGATION_PRIVATE ? "--make-rprivate" : "--make-rshared";
            sh("mount --rbind '" + src + "' '" + src + "' && mount " + mode + " '" + src + "'");
            Path inner = src.resolve("containerMntPoint");
            cleanups.add(() -> {
                try {
                    sh("umount -l '" + inner + "' 2>/dev/null; umount -l '" + point + "' 2>/dev/null; umount -l '"
                            + src + "'; rm -rf '" + host + "'");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ContainerConfig.Builder b = containerConfig("mount-propagation-test-", "sh", "-c", "top")
                    .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                            LinuxContainerSecurityContext.newBuilder().setPrivileged(true)))
                    .addMounts(Mount.newBuilder().setHostPath(src.toString()).setContainerPath(src.toString())
                            .setPropagation(p));
            String c = createContainer(pod, cfg, b);
            List<Mount> ms = rt.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(c)
                    .setVerbose(true).build()).getStatus().getMountsList();
            eq(1, ms.size(), "one mount in the status");
            eq(src.toString(), ms.get(0).getContainerPath(), "container_path");
            eq(src.toString(), ms.get(0).getHostPath(), "host_path");
            check(!ms.get(0).getReadonly() && !ms.get(0).getSelinuxRelabel(), "readonly, selinux_relabel false");
            eq(p, ms.get(0).getPropagation(), "propagation");
            startRunning(c);
            sh("mount --rbind '" + srcDir + "' '" + point + "'");
            String out = execOk(c, "ls", "-A", point.toString());
            eq(p != MountPropagation.PROPAGATION_PRIVATE, !out.isEmpty(), "host mount seen in the container");
            execOk(c, "sh", "-c", "mkdir -p " + inner);
            execOk(c, "sh", "-c", "mount --bind /etc " + inner);
            String[] seen = inner.toFile().list();
            eq(p == MountPropagation.PROPAGATION_BIDIRECTIONAL, seen != null && seen.length > 0,
                    "container mount seen on the host");
        }
    }

    private boolean rroSupported() {
        return rt.status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList().stream()
                .anyMatch(h -> h.getName().isEmpty() && h.getFeatures().getRecursiveReadOnlyMounts());
    }

    private void readonlyMounts() throws Exception {
        PodSandboxConfig cfg = privilegedPod();
        String pod = runPod(cfg);
        check(rroSupported(), "the default handler advertises recursive_read_only_mounts");
        for (boolean rro : new boolean[] {false, true}) {
            Path host = tempDir("test" + pod);
            Path tmpfs = Files.createDirectories(host.resolve("tmpfs"));
            sh("mount -t tmpfs none '" + tmpfs + "'");
            cleanups.add(() -> {
                try {
                    sh("umount -l '" + tmpfs + "'; rm -rf '" + host + "'");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ContainerConfig.Builder b = containerConfig("test-mount-", "sh", "-c", "top").clearLinux()
                    .addMounts(Mount.newBuilder().setHostPath(host.toString()).setContainerPath("/mnt")
                            .setReadonly(true).setRecursiveReadOnly(rro).setSelinuxRelabel(true));
            String c = createContainer(pod, cfg, b);
            eq(1, rt.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(c).setVerbose(true).build())
                    .getStatus().getMountsCount(), "mounts in the status");
            startRunning(c);
            if (rro) {
                execOk(c, "sh", "-c", "touch /mnt/tmpfs/foo 2>&1 | grep -q \"Read-only file system\"");
            } else {
                execOk(c, "touch", "/mnt/tmpfs/file");
            }
            if (rro) {
                for (Object[] bad : new Object[][] {{true, MountPropagation.PROPAGATION_HOST_TO_CONTAINER},
                        {true, MountPropagation.PROPAGATION_BIDIRECTIONAL},
                        {false, MountPropagation.PROPAGATION_PRIVATE}}) {
                    ContainerConfig.Builder r = containerConfig("test-mount-", "sh", "-c", "top").clearLinux()
                            .addMounts(Mount.newBuilder().setHostPath(host.toString()).setContainerPath("/mnt")
                                    .setReadonly((Boolean) bad[0]).setRecursiveReadOnly(true)
                                    .setSelinuxRelabel(true).setPropagation((MountPropagation) bad[1]));
                    check(code(() -> createContainer(pod, cfg, r)) != Status.Code.OK, "refused: " + bad[1]);
                }
            }
        }
    }

    private void oom() throws InterruptedException {
        PodSandboxConfig cfg = privilegedPod();
        String pod = runPod(cfg);
        ContainerConfig.Builder b = containerConfig("OOM-test-", "sh", "-c", "dd if=/dev/zero of=/dev/null bs=20M")
                .setLinux(LinuxContainerConfig.newBuilder().setResources(LinuxContainerResources.newBuilder()
                        .setMemoryLimitInBytes(15 << 20).setMemorySwapLimitInBytes(15 << 20)));
        String c = createContainer(pod, cfg, b);
        rt.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(c).setVerbose(true).build());
        start(c);
        eventually(() -> status(c).getState() == ContainerState.CONTAINER_EXITED, "exited");
        eventually(() -> "OOMKilled".equals(status(c).getReason()), "reason OOMKilled");
        eq(137, status(c).getExitCode(), "exit code");
    }

    // ---- multi_container_linux.go

    private void multiContainer() throws Exception {
        Path[] dir = new Path[1];
        PodSandboxConfig base = logPod(dir);
        PodSandboxConfig cfg = base.toBuilder()
                .addPortMappings(PortMapping.newBuilder().setContainerPort(80)).build();
        String pod = runPod(cfg);
        ContainerConfig.Builder h = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("httpd" + uuid()).setAttempt(2))
                .setImage(ImageSpec.newBuilder().setImage(opt.getOrDefault("httpd",
                        "registry.k8s.io/e2e-test-images/httpd:2.4.39-4")))
                .setLinux(LinuxContainerConfig.getDefaultInstance());
        h.setLogPath(h.getMetadata().getName() + ".log");
        String httpd = createContainer(pod, cfg, h);
        startRunning(httpd);
        ContainerConfig.Builder bb = containerConfig("busybox", "sh", "-c", "echo hello World; sleep 1000")
                .clearLinux();
        bb.setLogPath(bb.getMetadata().getName() + ".log");
        String busybox = createContainer(pod, cfg, bb);
        startRunning(busybox);
        // should support network: the pod's IP, port 80, a 200
        String ip = podStatus(pod).getNetwork().getIp();
        check(!ip.isEmpty(), "the pod has an IP");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int[] code = {0};
        eventually(() -> {
            try {
                code[0] = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":80/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                return true;
            } catch (Exception e) {
                return false;
            }
        }, "GET http://" + ip + ":80/");
        eq(200, code[0], "the main page's status");
        // should support container log
        String hl = status(httpd).getLogPath();
        String bl = status(busybox).getLogPath();
        eventually(() -> read(hl).contains("httpd"), "'httpd' in " + hl);
        eventually(() -> read(bl).contains("hello World"), "'hello World' in " + bl);
        // should support container exec
        eq("httpd\n", execOk(httpd, "echo", "httpd"), "exec in httpd");
        eq("busybox\n", execOk(busybox, "echo", "busybox"), "exec in busybox");
    }

    private static String read(String p) {
        try {
            return Files.readString(Path.of(p));
        } catch (Exception e) {
            return "";
        }
    }

    // ---- image.go

    private PodSandboxConfig imagePod() {
        return PodSandboxConfig.getDefaultInstance();
    }

    private void testPull(String name, java.util.function.Consumer<Image> checks) {
        removeImage(name);
        pull(name, imagePod());
        Image i = imageStatus(name);
        check(i != null, "ImageStatus of " + name + " after the pull");
        check(!i.getId().isEmpty() && i.getSize() > 0, "id and size");
        checks.accept(i);
        removeImage(name);
        check(imageStatus(name) == null, "no image after RemoveImage: " + name);
    }

    private void imagePull() {
        String r = reg();
        String tagged = r + "/test-image-tag:test";
        testPull(tagged, i -> eq(List.of(tagged), i.getRepoTagsList(), "repo_tags of " + tagged));
        String untagged = r + "/test-image-latest";
        testPull(untagged, i -> eq(List.of(untagged + ":latest"), i.getRepoTagsList(), "repo_tags of " + untagged));
        String digested = r + "/test-image-digest@" + opt.get("digest");
        testPull(digested, i -> {
            eq(List.of(), i.getRepoTagsList(), "repo_tags of " + digested);
            eq(List.of(digested), i.getRepoDigestsList(), "repo_digests of " + digested);
        });
        // public image should timeout if requested: a 1 ms deadline
        Status.Code c = code(() -> img.withDeadlineAfter(1, TimeUnit.MILLISECONDS).pullImage(PullImageRequest
                .newBuilder().setImage(ImageSpec.newBuilder().setImage(tagged)).build()));
        eq(Status.Code.DEADLINE_EXCEEDED, c, "a pull past its deadline");
        removeImage(tagged);
    }

    private void imageReferences() {
        String name = reg() + "/test-image-tag:all";
        removeImage(name);
        pull(name, imagePod());
        Image s = imageStatus(name);
        check(s != null, "status");
        eq(s, imageStatus(s.getId()), "status by id");
        for (String t : s.getRepoTagsList()) {
            eq(s, imageStatus(t), "status by tag " + t);
        }
        check(s.getRepoDigestsCount() > 0, "a pulled image has a repo digest");
        for (String d : s.getRepoDigestsList()) {
            eq(s, imageStatus(d), "status by digest " + d);
        }
        removeImage(name);
        check(imageStatus(name) == null, "removed");
    }

    private void imageUser() {
        String r = reg();
        Object[][] cases = {{"/test-image-user-uid", 1002L, ""}, {"/test-image-user-username", 0L, "www-data"},
            {"/test-image-user-uid-group", 1003L, ""}, {"/test-image-user-username-group", 0L, "www-data"}};
        for (Object[] k : cases) {
            String name = r + k[0];
            pull(name, imagePod());
            cleanups.add(() -> removeImage(name));
            Image s = imageStatus(name);
            eq(k[1], s.getUid().getValue(), name + " uid");
            eq(k[2], s.getUsername(), name + " username");
        }
    }

    private void imageLists() {
        String r = reg();
        List<String> diff = List.of(r + "/test-image-1:latest", r + "/test-image-2:latest", r + "/test-image-3:latest");
        diff.forEach(this::removeImage);
        List<String> ids = new ArrayList<>();
        for (String n : diff) {
            ids.add(pull(n, imagePod()));
        }
        cleanups.add(() -> diff.forEach(this::removeImage));
        eq(3L, ids.stream().distinct().count(), "3 different image ids");
        List<Image> all = img.listImages(ListImagesRequest.newBuilder().setFilter(ImageFilter.getDefaultInstance())
                .build()).getImagesList();
        for (int i = 0; i < 3; i++) {
            String id = ids.get(i);
            Image m = all.stream().filter(x -> x.getId().equals(id)).findFirst().orElseThrow();
            eq(List.of(diff.get(i)), m.getRepoTagsList(), "the one repo tag of " + id);
        }
        List<String> same = List.of(r + "/test-image-tags:1", r + "/test-image-tags:2", r + "/test-image-tags:3");
        same.forEach(this::removeImage);
        List<String> sids = new ArrayList<>();
        for (String n : same) {
            sids.add(pull(n, imagePod()));
        }
        cleanups.add(() -> same.forEach(this::removeImage));
        eq(1L, sids.stream().distinct().count(), "one image id for 3 tags");
        Image m = img.listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .filter(x -> x.getId().equals(sids.get(0))).findFirst().orElseThrow();
        eq(same, m.getRepoTagsList().stream().sorted().toList(), "3 repo tags on one image");
    }

    private void imageConsistency() throws Exception {
        String name = reg() + "/test-image-tag:test";
        removeImage(name);
        pull(name, imagePod());
        removeImage(name);
        check(img.listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .noneMatch(i -> i.getRepoTagsList().contains(name)), "not listed after removal");
        check(imageStatus(name) == null, "no status after removal");
        pull(name, imagePod());
        check(img.listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .anyMatch(i -> i.getRepoTagsList().contains(name)), "listed right after the pull");
        Image s = imageStatus(name);
        check(s != null, "status right after the pull");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(pool.submit(() -> {
                Status.Code c = code(() -> img.removeImage(RemoveImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(s.getId())).build()));
                return c + (imageStatus(s.getId()) == null ? "" : " still there");
            }));
        }
        for (Future<String> f : results) {
            eq("OK", f.get(), "a concurrent RemoveImage");
        }
        pool.shutdown();
        check(imageStatus(s.getId()) == null, "gone after the concurrent removals");
    }

    private void imageIdConsistency() throws InterruptedException {
        String name = reg() + "/test-image-tag:test";
        String ref = pull(name, imagePod());
        check(!ref.isEmpty(), "image_ref");
        cleanups.add(() -> removeImage(name));
        eq(ref, imageStatus(name).getId(), "Image.id = PullImageResponse.image_ref");
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        ContainerConfig cc = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("id-consistency-" + uuid()).setAttempt(2))
                .setImage(ImageSpec.newBuilder().setImage(ref).setUserSpecifiedImage(name)).build();
        String c = rt.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod).setConfig(cc)
                .setSandboxConfig(cfg).build()).getContainerId();
        start(c);
        eq(ref, status(c).getImageId(), "ContainerStatus.image_id");
        List<Container> l = rt.listContainers(ListContainersRequest.newBuilder()
                .setFilter(ContainerFilter.newBuilder().setId(c)).build()).getContainersList();
        eq(1, l.size(), "one container for its id");
        eq(ref, l.get(0).getImageId(), "Container.image_id");
        remove(c);
        // the same image pulled from two registries (the e2e pushed it to a second one)
        String other = opt.get("reg2");
        if (other != null && !other.isEmpty()) {
            String n2 = other + "/test-image-tag:test";
            String ref2 = pull(n2, imagePod());
            cleanups.add(() -> removeImage(n2));
            eq(ref, ref2, "one image id from two registries");
            eq(ref, imageStatus(n2).getId(), "status id of the second name");
        }
    }

    // ---- image_volume.go

    private void imageVolume() throws InterruptedException {
        String name = reg() + "/test-image-tag:test";
        String ref = pull(name, imagePod());
        cleanups.add(() -> removeImage(name));
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        ImageSpec spec = ImageSpec.newBuilder().setImage(ref).setUserSpecifiedImage(name).build();
        java.util.function.BiFunction<Boolean, String, ContainerConfig> config = (ro, sub) -> ContainerConfig
                .newBuilder().setMetadata(ContainerMetadata.newBuilder().setName("image-volume-" + uuid())
                        .setAttempt(2)).setImage(spec).addAllCommand(List.of("sh", "-c", "top"))
                .addMounts(Mount.newBuilder().setContainerPath("/mnt/image-volume").setReadonly(ro).setImage(spec)
                        .setImageSubPath(sub)).build();
        java.util.function.Function<ContainerConfig, String> create = cc -> rt.createContainer(CreateContainerRequest
                .newBuilder().setPodSandboxId(pod).setConfig(cc).setSandboxConfig(cfg).build()).getContainerId();
        String c = create.apply(config.apply(true, ""));
        Mount m = status(c).getMountsList().stream().filter(x -> x.getContainerPath().equals("/mnt/image-volume"))
                .findFirst().orElseThrow(() -> new AssertionError("the image volume in the status"));
        eq(ref, m.getImage().getImageRef(), "the image volume's image_ref");
        start(c);
        eq(0, exec(c, 30, "ls", "-A", "/mnt/image-volume/bin/sh").getExitCode(), "the image's /bin/sh");
        check(exec(c, 30, "touch", "/mnt/image-volume/test-write").getExitCode() != 0, "read-only");
        eq(0, exec(c, 30, "/mnt/image-volume/bin/ls", "/mnt/image-volume").getExitCode(), "not noexec");
        noteSkip(code(() -> create.apply(config.apply(false, ""))) == Status.Code.OK,
                "image volume with readonly false: accepted (read-only anyway), critest skips that spec");
        String s = create.apply(config.apply(true, "etc"));
        start(s);
        eq(0, exec(s, 30, "ls", "/mnt/image-volume").getExitCode(), "the sub path's mount");
        check(exec(s, 30, "ls", "/mnt/image-volume/etc/passwd").getExitCode() != 0, "not the image's root");
        eq(0, exec(s, 30, "ls", "/mnt/image-volume/passwd").getExitCode(), "etc/passwd at the mount");
        check(code(() -> create.apply(config.apply(true, "not-existing"))) != Status.Code.OK,
                "a sub path not in the image is refused at create");
    }

    // ---- cgroup_mount_mode_linux.go

    private void cgroupMountMode() throws Exception {
        boolean v2 = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                .anyMatch(f -> f.length >= 4 && f[1].equals("/sys/fs/cgroup") && f[2].equals("cgroup2"));
        if (!v2) {
            throw new Skipped("CgroupMountMode requires cgroup v2 at /sys/fs/cgroup (critest skips it)");
        }
        PodSandboxConfig cfg = podConfig("create-PodSandbox-for-container-").build();
        String pod = runPod(cfg);
        String c = defaultContainer(pod, cfg, "cgroup-mount-mode-");
        startRunning(c);
        ExecSyncResponse r = exec(c, 30, "mkdir", "/sys/fs/cgroup/critest");
        check(r.getExitCode() != 0 && r.getStderr().toStringUtf8().contains("Read-only file system"),
                "cgroups read-only by default");
    }
}
