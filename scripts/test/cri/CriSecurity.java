import dev.jdock.daemon.cri.v1.Capability;
import dev.jdock.daemon.cri.v1.ContainerConfig;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.ContainerState;
import dev.jdock.daemon.cri.v1.ContainerStatus;
import dev.jdock.daemon.cri.v1.ContainerStatusRequest;
import dev.jdock.daemon.cri.v1.CreateContainerRequest;
import dev.jdock.daemon.cri.v1.DNSConfig;
import dev.jdock.daemon.cri.v1.ExecSyncRequest;
import dev.jdock.daemon.cri.v1.ExecSyncResponse;
import dev.jdock.daemon.cri.v1.IDMapping;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.Int64Value;
import dev.jdock.daemon.cri.v1.LinuxContainerConfig;
import dev.jdock.daemon.cri.v1.LinuxContainerSecurityContext;
import dev.jdock.daemon.cri.v1.LinuxContainerUser;
import dev.jdock.daemon.cri.v1.LinuxPodSandboxConfig;
import dev.jdock.daemon.cri.v1.LinuxSandboxSecurityContext;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.PodSandboxConfig;
import dev.jdock.daemon.cri.v1.PodSandboxMetadata;
import dev.jdock.daemon.cri.v1.RemovePodSandboxRequest;
import dev.jdock.daemon.cri.v1.RunPodSandboxRequest;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import dev.jdock.daemon.cri.v1.SecurityProfile;
import dev.jdock.daemon.cri.v1.StartContainerRequest;
import dev.jdock.daemon.cri.v1.StatusRequest;
import dev.jdock.daemon.cri.v1.StopPodSandboxRequest;
import dev.jdock.daemon.cri.v1.SupplementalGroupsPolicy;
import dev.jdock.daemon.cri.v1.UserNamespace;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The security-context checks of critest (cri-tools' pkg/validate security_context_linux.go, apparmor_linux.go,
 * selinux_linux.go), written again in our own words for scripts/test/e2e-critest-security.sh: each check sends the
 * requests the spec sends and asserts what it asserts, on stand-ins of its images.
 * {@code CriSecurity SOCKET CHECK...} prints {@code PASS name}, {@code SKIP name: why} or {@code FAIL name: why}
 * per check and exits 1 when one failed. Images come from system properties (busybox, nginx, groups, nnp).
 */
public final class CriSecurity {
    private static final String BUSYBOX = System.getProperty("busybox",
            "registry.k8s.io/e2e-test-images/busybox:1.36.1-1");
    private static final String NGINX = System.getProperty("nginx", "registry.k8s.io/e2e-test-images/nginx:1.14-2");
    private static final String GROUPS = System.getProperty("groups",
            "gcr.io/k8s-staging-cri-tools/test-image-predefined-group");
    private static final String NNP = System.getProperty("nnp", "registry.k8s.io/e2e-test-images/nonewprivs:1.3");
    private static final List<String> TOP = List.of("sh", "-c", "top");

    private static RuntimeServiceGrpc.RuntimeServiceBlockingStub rt;
    private static final List<String> pods = new ArrayList<>();
    private static final List<Path> dirs = new ArrayList<>();

    /** A failed expectation. */
    static final class Failure extends RuntimeException {
        Failure(String m) {
            super(m);
        }
    }

    /** A check critest would skip here. */
    static final class Skipped extends RuntimeException {
        Skipped(String m) {
            super(m);
        }
    }

    interface Check {
        void run() throws Exception;
    }

    private CriSecurity() {
    }

    public static void main(String[] args) throws Exception {
        CriChannel channel = new CriChannel(args[0]);
        rt = RuntimeServiceGrpc.newBlockingStub(channel.channel);
        Map<String, Check> checks = checks();
        int failed = 0;
        try {
            for (int i = 1; i < args.length; i++) {
                Check c = checks.get(args[i]);
                if (c == null) {
                    System.out.println("FAIL " + args[i] + ": no such check");
                    failed++;
                    continue;
                }
                try {
                    c.run();
                    System.out.println("PASS " + args[i]);
                } catch (Skipped e) {
                    System.out.println("SKIP " + args[i] + ": " + e.getMessage());
                } catch (Failure | StatusRuntimeException | IOException e) {
                    System.out.println("FAIL " + args[i] + ": " + e.getMessage());
                    failed++;
                } finally {
                    cleanup();
                }
            }
        } finally {
            channel.close();
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void cleanup() throws IOException {
        for (String p : pods) {
            try {
                rt.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(p).build());
                rt.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(p).build());
            } catch (StatusRuntimeException e) {
                System.out.println("  cleanup of pod " + p + ": " + e.getStatus());
            }
        }
        pods.clear();
        for (Path d : dirs) {
            try (var walk = Files.walk(d)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        dirs.clear();
    }

    // ---- helpers: what critest's framework does ----

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new Failure(what);
        }
    }

    /** A pod config as critest's helpers make them; {@code logDir} true gives it a log directory in a temp dir. */
    private static PodSandboxConfig.Builder podConfig(String name, boolean logDir) throws IOException {
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name + "-" + uuid())
                        .setUid("cri-test-uid" + uuid()).setNamespace("cri-test-namespace" + uuid()).setAttempt(2))
                .setLinux(LinuxPodSandboxConfig.newBuilder());
        if (logDir) {
            Path host = Files.createTempDirectory("podLogTest");
            dirs.add(host);
            Path logs = Files.createDirectories(host.resolve(b.getMetadata().getName()));
            b.setLogDirectory(logs.toString());
        }
        return b;
    }

    private static String runPod(PodSandboxConfig cfg) {
        String id = rt.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(cfg).build()).getPodSandboxId();
        pods.add(id);
        return id;
    }

    private static ContainerConfig.Builder container(String name, String image, List<String> command,
            LinuxContainerSecurityContext.Builder sec) {
        ContainerConfig.Builder b = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name + "-" + uuid()).setAttempt(2))
                .setImage(ImageSpec.newBuilder().setImage(image)).addAllCommand(command);
        if (sec != null) {
            b.setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(sec));
        }
        return b;
    }

    private static String create(String pod, PodSandboxConfig pc, ContainerConfig.Builder c) {
        return rt.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod).setConfig(c)
                .setSandboxConfig(pc).build()).getContainerId();
    }

    private static ContainerStatus status(String id) {
        return rt.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
    }

    /** Starts the container and waits (polling, as critest's Eventually) until it is in {@code state}. */
    private static void startAndAwait(String id, ContainerState state) throws InterruptedException {
        rt.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        await(id, state);
    }

    private static void await(String id, ContainerState state) throws InterruptedException {
        ContainerState now = null;
        for (int i = 0; i < 600; i++) {
            now = status(id).getState();
            if (now == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new Failure("container " + id + " is " + now + ", not " + state);
    }

    private static String runContainer(String pod, PodSandboxConfig pc, ContainerConfig.Builder c,
            ContainerState state) throws InterruptedException {
        String id = create(pod, pc, c);
        startAndAwait(id, state);
        return id;
    }

    private static ExecSyncResponse exec(String id, String... cmd) {
        return rt.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(cmd)).setTimeout(60)
                .build());
    }

    private static String out(ExecSyncResponse r) {
        return r.getStdout().toString(StandardCharsets.UTF_8);
    }

    private static String err(ExecSyncResponse r) {
        return r.getStderr().toString(StandardCharsets.UTF_8);
    }

    /** critest's execSyncContainer: exit code 0, the stdout. */
    private static String execOk(String id, String... cmd) {
        ExecSyncResponse r = exec(id, cmd);
        expect(r.getExitCode() == 0, List.of(cmd) + " exited " + r.getExitCode() + ": " + err(r));
        return out(r);
    }

    /** The CRI log's lines as critest parses them: stream and the content with a newline. */
    private static List<String[]> logLines(PodSandboxConfig pc, String logPath) throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(pc.getLogDirectory(), logPath))) {
            String[] f = l.split(" ", 4);
            lines.add(new String[] {f[1], f.length > 3 ? f[3] + "\n" : "\n"});
        }
        return lines;
    }

    private static void expectLog(PodSandboxConfig pc, String logPath, String stream, String line)
            throws IOException, InterruptedException {
        List<String[]> lines = List.of();
        for (int i = 0; i < 100; i++) {
            lines = logLines(pc, logPath);
            if (lines.stream().anyMatch(l -> l[0].equals(stream) && l[1].equals(line))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new Failure("no " + stream + " line " + line.trim() + " in " + lines.stream()
                .map(l -> l[0] + ":" + l[1].trim()).toList());
    }

    private static LinuxContainerSecurityContext.Builder sec() {
        return LinuxContainerSecurityContext.newBuilder();
    }

    private static NamespaceOption ns(NamespaceMode pid, NamespaceMode ipc, NamespaceMode net) {
        return NamespaceOption.newBuilder().setPid(pid).setIpc(ipc).setNetwork(net).build();
    }

    /** createNamespacePodSandbox: the namespaces, an empty DNS config, an optional log directory. */
    private static PodSandboxConfig nsPod(NamespaceOption ns, boolean logDir, Consumer<PodSandboxConfig.Builder> more)
            throws IOException {
        PodSandboxConfig.Builder b = podConfig("NamespaceOption-PodSandbox", logDir)
                .setDnsConfig(DNSConfig.newBuilder())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(
                        LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(ns)));
        if (more != null) {
            more.accept(b);
        }
        return b.build();
    }

    private static String host(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        expect(p.waitFor() == 0, List.of(cmd) + " failed: " + o);
        return o;
    }

    // ---- the checks ----

    private static Map<String, Check> checks() {
        Map<String, Check> m = new LinkedHashMap<>();
        m.put("host-pid", CriSecurity::hostPid);
        m.put("host-ipc", () -> hostIpc(NamespaceMode.NODE));
        m.put("pod-ipc", () -> hostIpc(NamespaceMode.POD));
        m.put("pod-pid", CriSecurity::podPid);
        m.put("container-pid", CriSecurity::containerPid);
        m.put("host-network", () -> hostNetwork(true));
        m.put("pod-network", () -> hostNetwork(false));
        m.put("supplemental-groups", CriSecurity::supplementalGroups);
        m.put("run-as-user", CriSecurity::runAsUser);
        m.put("run-as-username", CriSecurity::runAsUsername);
        m.put("run-as-group", CriSecurity::runAsGroup);
        m.put("run-as-group-without-user", CriSecurity::runAsGroupWithoutUser);
        m.put("readonly-rootfs-false", () -> readonlyRootfs(false));
        m.put("readonly-rootfs-true", () -> readonlyRootfs(true));
        m.put("privileged-true", () -> privileged(true));
        m.put("privileged-false", () -> privileged(false));
        m.put("add-capability", CriSecurity::addCapability);
        m.put("drop-capability", CriSecurity::dropCapability);
        m.put("add-all-capabilities", () -> allCapabilities(true));
        m.put("drop-all-capabilities", () -> allCapabilities(false));
        m.put("masked-paths", CriSecurity::maskedPaths);
        m.put("readonly-paths", CriSecurity::readonlyPaths);
        m.put("groups-policy-merge", () -> groupsPolicy(false));
        m.put("groups-policy-strict", () -> groupsPolicy(true));
        m.put("seccomp-unconfined", () -> seccompStatus(
                SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Unconfined).build(), "0"));
        m.put("seccomp-default", () -> seccompStatus(SecurityProfile.getDefaultInstance(), "2"));
        m.put("seccomp-nil", () -> seccompStatus(null, "0"));
        m.put("seccomp-localhost", CriSecurity::seccompLocalhost);
        m.put("seccomp-unconfined-sys-admin-sethostname", () -> sethostname(false, false));
        m.put("seccomp-localhost-blocks-sethostname", () -> sethostname(true, false));
        m.put("seccomp-ignored-when-privileged", () -> sethostname(true, true));
        m.put("no-new-privs-true", () -> noNewPrivs(true));
        m.put("no-new-privs-false", () -> noNewPrivs(false));
        m.put("userns-pod", CriSecurity::usernsPod);
        m.put("userns-node", CriSecurity::usernsNode);
        m.put("userns-refusals", CriSecurity::usernsRefusals);
        m.put("sysctl-safe", () -> sysctl("kernel.shm_rmid_forced", "1"));
        m.put("sysctl-unsafe", () -> sysctl("fs.mqueue.msg_max", "100"));
        m.put("apparmor-skips-or-refuses", CriSecurity::apparmor);
        return m;
    }

    /** "runtime should support HostPID": an nginx and a busybox in the host's pid namespace. */
    private static void hostPid() throws Exception {
        NamespaceOption ns = ns(NamespaceMode.NODE, NamespaceMode.POD, NamespaceMode.POD);
        PodSandboxConfig pc = nsPod(ns, false, null);
        String pod = runPod(pc);
        String nginx = runContainer(pod, pc, container("nginx-container-hostpid", NGINX, List.of(), sec()
                .setNamespaceOptions(ns)), ContainerState.CONTAINER_RUNNING);
        String pid = execOk(nginx, "sh", "-c",
                "while [ ! -f /var/run/nginx.pid ]; do sleep 1; done && cat /var/run/nginx.pid").trim();
        String bb = runContainer(pod, pc, container("container-with-HostPID-test", BUSYBOX,
                List.of("sh", "-c", "sleep 1000"), sec().setNamespaceOptions(ns)), ContainerState.CONTAINER_RUNNING);
        String pids = execOk(bb, "pidof", "nginx", "||", "true").trim();
        expect(!pids.isEmpty() && pids.contains(pid), "nginx's pid " + pid + " not in [" + pids + "]");
    }

    /** "runtime should support HostIpc is true/false": a host shm segment seen (or not) in the container. */
    private static void hostIpc(NamespaceMode mode) throws Exception {
        String id = host("ipcmk", "-M", "1048576").trim().replace("Shared memory id: ", "");
        try {
            NamespaceOption ns = ns(NamespaceMode.POD, mode, NamespaceMode.POD);
            PodSandboxConfig pc = nsPod(ns, false, null);
            String pod = runPod(pc);
            String c = runContainer(pod, pc, container("namespace-container", BUSYBOX, TOP, sec()
                    .setNamespaceOptions(ns)), ContainerState.CONTAINER_RUNNING);
            // critest runs `ipcs -m`; the stand-in busybox has no ipcs, which reads this file
            String o = execOk(c, "cat", "/proc/sysvipc/shm");
            boolean seen = java.util.Arrays.stream(o.split("\n")).skip(1)
                    .anyMatch(l -> l.trim().split("\\s+").length > 1 && l.trim().split("\\s+")[1].equals(id));
            expect(seen == (mode == NamespaceMode.NODE), "segment " + id + (seen ? " seen" : " not seen") + ": " + o);
        } finally {
            host("ipcrm", "-m", id);
        }
    }

    /** "runtime should support PodPID": pid 1 is the pod's infra, not nginx's master. */
    private static void podPid() throws Exception {
        NamespaceOption ns = NamespaceOption.newBuilder().setPid(NamespaceMode.POD).build();
        PodSandboxConfig pc = nsPod(ns, false, null);
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("nginx-container-process-namespace", NGINX, List.of(), sec()
                .setNamespaceOptions(ns)), ContainerState.CONTAINER_RUNNING);
        execOk(c, "sh", "-c", "while [ ! -f /var/run/nginx.pid ]; do sleep 1; done");
        String o = execOk(c, "cat", "/proc/1/cmdline");
        expect(!o.contains("master process"), "pid 1 is nginx: " + o);
    }

    /** "runtime should support ContainerPID": nginx's master is pid 1. */
    private static void containerPid() throws Exception {
        NamespaceOption ns = NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER).build();
        PodSandboxConfig pc = nsPod(ns, false, null);
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("nginx-container-pid", NGINX, List.of(), sec()
                .setNamespaceOptions(ns)), ContainerState.CONTAINER_RUNNING);
        execOk(c, "sh", "-c", "while ! cat /proc/1/cmdline | grep \"master process\"; do sleep 1; done");
    }

    /** "runtime should support HostNetwork is true/false": a host listener in `netstat -ln`, or not. */
    private static void hostNetwork(boolean hostNet) throws Exception {
        try (ServerSocket srv = new ServerSocket(0)) {
            String port = Integer.toString(srv.getLocalPort());
            NamespaceOption ns = ns(NamespaceMode.POD, NamespaceMode.POD,
                    hostNet ? NamespaceMode.NODE : NamespaceMode.POD);
            PodSandboxConfig pc = nsPod(ns, true, null);
            String pod = runPod(pc);
            String name = "container-with-HostNetwork-test";
            ContainerConfig.Builder cb = container(name, BUSYBOX, List.of("sh", "-c", "netstat -ln"),
                    sec().setNamespaceOptions(ns));
            String log = cb.getMetadata().getName() + ".log";
            cb.setLogPath(log);
            runContainer(pod, pc, cb, ContainerState.CONTAINER_EXITED);
            boolean seen = logLines(pc, log).stream().anyMatch(l -> l[1].contains(":" + port));
            expect(seen == hostNet, "host port " + port + (seen ? " listed" : " not listed") + " in the container");
        }
    }

    /** pod_linux.go's "should support safe / unsafe sysctls": the pod's sysctl seen by a default container. */
    private static void sysctl(String key, String value) throws Exception {
        PodSandboxConfig pc = podConfig("pod-sandbox-with-sysctls", false)
                .setLinux(LinuxPodSandboxConfig.newBuilder().putSysctls(key, value)).build();
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-sysctl", BUSYBOX, List.of("top"), null)
                .setLinux(LinuxContainerConfig.getDefaultInstance()), ContainerState.CONTAINER_RUNNING);
        String o = execOk(c, "cat", "/proc/sys/" + key.replace('.', '/')).trim();
        expect(o.equals(value), key + " is " + o);
    }

    /** "runtime should support SupplementalGroups": `id -G` lists 1234 and 5678. */
    private static void supplementalGroups() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-with-SupplementalGroups-test", BUSYBOX, TOP,
                sec().addSupplementalGroups(1234).addSupplementalGroups(5678)), ContainerState.CONTAINER_RUNNING);
        List<String> groups = List.of(execOk(c, "id", "-G").trim().split(" "));
        expect(groups.contains("1234") && groups.contains("5678"), "groups " + groups);
    }

    /** "runtime should support RunAsUser": `id -u` is 1001. */
    private static void runAsUser() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-with-RunAsUser-test", BUSYBOX, TOP,
                sec().setRunAsUser(Int64Value.newBuilder().setValue(1001))), ContainerState.CONTAINER_RUNNING);
        String o = execOk(c, "id", "-u");
        expect(o.equals("1001\n"), "id -u: " + o);
    }

    /** "runtime should support RunAsUserName": `id -nu` is nobody. */
    private static void runAsUsername() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-with-RunAsUserName-test", BUSYBOX, TOP,
                sec().setRunAsUsername("nobody")), ContainerState.CONTAINER_RUNNING);
        String o = execOk(c, "id", "-nu");
        expect(o.equals("nobody\n"), "id -nu: " + o);
    }

    /** "runtime should support RunAsGroup": the log says 1001:1002. */
    private static void runAsGroup() throws Exception {
        PodSandboxConfig pc = podConfig("PodSandbox-with-log-directory", true).build();
        String pod = runPod(pc);
        ContainerConfig.Builder cb = container("container-with-RunAsGroup-test", BUSYBOX,
                List.of("sh", "-c", "echo $(id -u):$(id -g)"), sec().setRunAsUser(Int64Value.newBuilder()
                        .setValue(1001)).setRunAsGroup(Int64Value.newBuilder().setValue(1002)));
        cb.setLogPath(cb.getMetadata().getName() + ".log");
        runContainer(pod, pc, cb, ContainerState.CONTAINER_EXITED);
        expectLog(pc, cb.getLogPath(), "stdout", "1001:1002\n");
    }

    /** "runtime should return error if RunAsGroup is set without RunAsUser". */
    private static void runAsGroupWithoutUser() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        try {
            create(pod, pc, container("container-with-RunAsGroup-without-RunAsUser-test", BUSYBOX,
                    List.of("sh", "-c", "echo $(id -u):$(id -g)"),
                    sec().setRunAsGroup(Int64Value.newBuilder().setValue(1002))));
        } catch (StatusRuntimeException e) {
            return;
        }
        throw new Failure("created");
    }

    /** "runtime should support that ReadOnlyRootfs is false/true". */
    private static void readonlyRootfs(boolean ro) throws Exception {
        PodSandboxConfig pc = podConfig("PodSandbox-with-log-directory", true).build();
        String pod = runPod(pc);
        ContainerConfig.Builder cb = container("container-with-ReadOnlyRootfs-" + ro + "-test", BUSYBOX,
                List.of("sh", "-c", "touch test.go && [ -f test.go ] && echo 'Found'"), sec().setReadonlyRootfs(ro));
        cb.setLogPath(cb.getMetadata().getName() + ".log");
        runContainer(pod, pc, cb, ContainerState.CONTAINER_EXITED);
        if (ro) {
            expectLog(pc, cb.getLogPath(), "stderr", "touch: test.go: Read-only file system\n");
        } else {
            expectLog(pc, cb.getLogPath(), "stdout", "Found\n");
        }
    }

    private static PodSandboxConfig privilegedPod(boolean privileged) throws IOException {
        return podConfig("create-Privileged-PodSandbox-for-container", false)
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(
                        LinuxSandboxSecurityContext.newBuilder().setPrivileged(privileged))).build();
    }

    /** checkNetworkManagement: `brctl addbr foobar` works only with CAP_NET_ADMIN. */
    private static void networkManagement(String c, boolean manageable) {
        ExecSyncResponse r = exec(c, "brctl", "addbr", "foobar");
        expect((r.getExitCode() == 0) == manageable, "brctl addbr exited " + r.getExitCode() + ": " + err(r));
    }

    /** "runtime should support Privileged is true/false". */
    private static void privileged(boolean privileged) throws Exception {
        PodSandboxConfig pc = privilegedPod(privileged);
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-with-isPrivileged-test", BUSYBOX, TOP,
                sec().setPrivileged(privileged)), ContainerState.CONTAINER_RUNNING);
        networkManagement(c, privileged);
    }

    private static String capContainer(String pod, PodSandboxConfig pc, List<String> add, List<String> drop)
            throws InterruptedException {
        return runContainer(pod, pc, container("container-with-capability-test", BUSYBOX, TOP, sec()
                .setCapabilities(Capability.newBuilder().addAllAddCapabilities(add).addAllDropCapabilities(drop))),
                ContainerState.CONTAINER_RUNNING);
    }

    /** "runtime should support adding capability": NET_ADMIN added, and a default container without it. */
    private static void addCapability() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        networkManagement(capContainer(pod, pc, List.of("NET_ADMIN"), List.of()), true);
        String plain = runContainer(pod, pc, container("container-with-notCapability-test", BUSYBOX, List.of("top"),
                null).setLinux(LinuxContainerConfig.getDefaultInstance()), ContainerState.CONTAINER_RUNNING);
        networkManagement(plain, false);
    }

    /** "runtime should support dropping capability": without NET_RAW, ping fails with "permission denied". */
    private static void dropCapability() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = capContainer(pod, pc, List.of(), List.of("NET_RAW"));
        ExecSyncResponse r = exec(c, "ping", "127.0.0.1");
        expect(r.getExitCode() != 0, "ping exited 0");
        expect(!out(r).isEmpty(), "ping's stdout is empty; stderr: " + err(r));
        expect(err(r).contains("permission denied"), "ping's stderr: " + err(r));
    }

    /** "runtime should support adding/dropping ALL capabilities": CapBnd all zero or not. */
    private static void allCapabilities(boolean add) throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = capContainer(pod, pc, add ? List.of("ALL") : List.of(), add ? List.of() : List.of("ALL"));
        ExecSyncResponse r = exec(c, "cat", "/proc/self/status");
        expect(r.getExitCode() == 0 && err(r).isEmpty(), "cat: " + err(r));
        boolean none = java.util.regex.Pattern.compile("CapBnd:\\s0000000000000000").matcher(out(r)).find();
        expect(none != add, "CapBnd " + (none ? "empty" : "not empty"));
    }

    /** "runtime should support MaskedPaths": /bin/ls masked. */
    private static void maskedPaths() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-with-maskedpaths", BUSYBOX, TOP,
                sec().addMaskedPaths("/bin/ls")), ContainerState.CONTAINER_RUNNING);
        // critest runs `/bin/sh -c ls`; Debian's busybox (the stand-in) runs its ls applet without /bin/ls
        // (FEATURE_SH_STANDALONE), so the path is named here
        ExecSyncResponse r = exec(c, "/bin/sh", "-c", "/bin/ls");
        expect(r.getExitCode() != 0, "ls ran");
        expect(err(r).equals("/bin/sh: /bin/ls: Permission denied\n"), "stderr: " + err(r));
    }

    /** "runtime should support ReadonlyPaths": /tmp read-only. */
    private static void readonlyPaths() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        String c = runContainer(pod, pc, container("container-with-readonlypaths", BUSYBOX, TOP,
                sec().addReadonlyPaths("/tmp")), ContainerState.CONTAINER_RUNNING);
        ExecSyncResponse r = exec(c, "touch", "/tmp/test");
        expect(r.getExitCode() != 0, "touch worked");
        expect(err(r).equals("touch: /tmp/test: Read-only file system\n"), "stderr: " + err(r));
    }

    /** SupplementalGroupsPolicy Merge / Strict on the predefined-group image (uid 1000 in group 50000). */
    private static void groupsPolicy(boolean strict) throws Exception {
        var st = rt.status(StatusRequest.getDefaultInstance());
        if (!st.getFeatures().getSupplementalGroupsPolicy()) {
            throw new Skipped("the runtime does not advertise SupplementalGroupsPolicy");
        }
        PodSandboxConfig pc = podConfig("PodSandbox-with-log-directory", true).build();
        String pod = runPod(pc);
        LinuxContainerSecurityContext.Builder s = sec().setRunAsUser(Int64Value.newBuilder().setValue(1000))
                .addSupplementalGroups(1234);
        if (strict) {
            s.setSupplementalGroupsPolicy(SupplementalGroupsPolicy.Strict);
        }
        ContainerConfig.Builder cb = container("container-with-SupplementalGroupsPolicy", GROUPS,
                List.of("sh", "-c", "id -G; sleep infinity"), s);
        cb.setLogPath(cb.getMetadata().getName() + ".log");
        String c = runContainer(pod, pc, cb, ContainerState.CONTAINER_RUNNING);
        List<Long> groups = strict ? List.of(1000L, 1234L) : List.of(1000L, 1234L, 50000L);
        LinuxContainerUser u = status(c).getUser().getLinux();
        List<Long> sorted = u.getSupplementalGroupsList().stream().sorted().toList();
        expect(u.getUid() == 1000 && u.getGid() == 1000 && sorted.equals(groups), "status user " + u);
        String line = String.join(" ", groups.stream().map(String::valueOf).toList()) + "\n";
        expectLog(pc, cb.getLogPath(), "stdout", line);
        String o = execOk(c, "id", "-G");
        expect(o.equals(line), "exec id -G: " + o);
    }

    /** seccompTestContainer: the pod and its container with the same profile (null: none). */
    private static String seccompContainer(SecurityProfile p) throws Exception {
        LinuxSandboxSecurityContext.Builder ps = LinuxSandboxSecurityContext.newBuilder();
        LinuxContainerSecurityContext.Builder cs = sec();
        if (p != null) {
            ps.setSeccomp(p);
            cs.setSeccomp(p);
        }
        PodSandboxConfig pc = podConfig("seccomp-sandbox", false)
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(ps)).build();
        String pod = runPod(pc);
        return runContainer(pod, pc, container("seccomp-container", BUSYBOX, TOP, cs),
                ContainerState.CONTAINER_RUNNING);
    }

    /** "should support seccomp unconfined / default / nil profile": the Seccomp: line of /proc/self/status. */
    private static void seccompStatus(SecurityProfile p, String mode) throws Exception {
        String c = seccompContainer(p);
        String o = execOk(c, "grep", "Seccomp:", "/proc/self/status");
        expect(o.contains(mode), "Seccomp mode " + o.trim() + ", expected " + mode);
    }

    private static Path profile(String name, String syscalls) throws IOException {
        Path d = Files.createTempDirectory("seccomp-tests");
        dirs.add(d);
        Path f = d.resolve(name);
        Files.writeString(f, "{\n     \"defaultAction\": \"SCMP_ACT_ALLOW\",\n     \"syscalls\": [\n         {\n"
                + "             \"names\": [" + syscalls + "],\n             \"action\": \"SCMP_ACT_ERRNO\"\n"
                + "         }\n     ]\n}");
        return f;
    }

    /** "should support seccomp localhost profile on the container": chmod refused. */
    private static void seccompLocalhost() throws Exception {
        Path f = profile("block-chmod.json", "\"chmod\", \"fchmodat\"");
        String c = seccompContainer(SecurityProfile.newBuilder()
                .setProfileType(SecurityProfile.ProfileType.Localhost).setLocalhostRef(f.toString()).build());
        ExecSyncResponse r = exec(c, "chmod", "400", "/");
        expect(r.getExitCode() != 0, "chmod worked");
        expect(err(r).contains("Operation not permitted"), "stderr: " + err(r));
    }

    /** The three sethostname specs: SYS_ADMIN with unconfined (works), with a blocking profile (refused), and a
     * privileged container with the blocking profile (works: privileged has no seccomp). */
    private static void sethostname(boolean blocking, boolean privileged) throws Exception {
        PodSandboxConfig pc = privileged ? privilegedPod(true)
                : podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        SecurityProfile p = blocking ? SecurityProfile.newBuilder()
                .setProfileType(SecurityProfile.ProfileType.Localhost)
                .setLocalhostRef(profile("block-host-name.json", "\"sethostname\"").toString()).build()
                : SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Unconfined).build();
        LinuxContainerSecurityContext.Builder s = sec().setPrivileged(privileged).setSeccomp(p);
        if (!privileged) {
            s.setCapabilities(Capability.newBuilder().addAddCapabilities("SYS_ADMIN"));
        }
        ContainerConfig.Builder cb = container("container-with-block-hostname-seccomp-profile-test", BUSYBOX,
                List.of("sleep", "60"), s);
        cb.getImageBuilder().setUserSpecifiedImage(BUSYBOX);
        String c = runContainer(pod, pc, cb, ContainerState.CONTAINER_RUNNING);
        ExecSyncResponse r = exec(c, "hostname", "ANewHostName");
        boolean settable = !blocking || privileged;
        expect((r.getExitCode() == 0) == settable, "hostname exited " + r.getExitCode() + ": " + err(r));
    }

    /** "should not allow privilege escalation when true" / "should allow privilege escalation when false". */
    private static void noNewPrivs(boolean nnp) throws Exception {
        PodSandboxConfig pc = podConfig("PodSandbox-with-log-directory", true).build();
        String pod = runPod(pc);
        ContainerConfig.Builder cb = container("alpine-nnp-" + nnp, NNP, List.of(), sec().setNoNewPrivs(nnp)
                .setRunAsUser(Int64Value.newBuilder().setValue(1000)));
        cb.setLogPath(cb.getMetadata().getName() + ".log");
        runContainer(pod, pc, cb, ContainerState.CONTAINER_EXITED);
        expectLog(pc, cb.getLogPath(), "stdout", nnp ? "Effective uid: 1000\n" : "Effective uid: 0\n");
    }

    private static void requireUserns() {
        var st = rt.status(StatusRequest.newBuilder().setVerbose(true).build());
        boolean ok = st.getRuntimeHandlersList().stream()
                .anyMatch(h -> h.getName().isEmpty() && h.getFeatures().getUserNamespaces());
        if (!ok) {
            throw new Skipped("no runtime handler found which supports user namespaces");
        }
    }

    private static String usernsContainer(String pod, PodSandboxConfig pc) throws InterruptedException {
        ContainerConfig.Builder cb = container("user-namespaces-container", BUSYBOX,
                List.of("cat", "/proc/self/uid_map"), sec().setNamespaceOptions(pc.getLinux().getSecurityContext()
                        .getNamespaceOptions()));
        cb.getImageBuilder().setUserSpecifiedImage(BUSYBOX);
        cb.setLogPath(cb.getMetadata().getName() + ".log");
        runContainer(pod, pc, cb, ContainerState.CONTAINER_EXITED);
        return cb.getLogPath();
    }

    private static IDMapping mapping(int container, int host, int length) {
        return IDMapping.newBuilder().setContainerId(container).setHostId(host).setLength(length).build();
    }

    /** "runtime should support NamespaceMode_POD": uid_map 0 1000 100000. */
    private static void usernsPod() throws Exception {
        requireUserns();
        IDMapping m = mapping(0, 1000, 100000);
        PodSandboxConfig pc = nsPod(NamespaceOption.newBuilder().setUsernsOptions(UserNamespace.newBuilder()
                .setMode(NamespaceMode.POD).addUids(m).addGids(m)).build(), true, null);
        String pod = runPod(pc);
        String log = usernsContainer(pod, pc);
        boolean ok = logLines(pc, log).stream()
                .anyMatch(l -> l[0].equals("stdout") && l[1].matches("(?s).*\\s+0\\s+1000\\s+100000\\n"));
        expect(ok, "uid_map: " + logLines(pc, log).stream().map(l -> l[1]).toList());
    }

    /** "runtime should support NamespaceMode_NODE": the host's uid_map. */
    private static void usernsNode() throws Exception {
        requireUserns();
        PodSandboxConfig pc = nsPod(NamespaceOption.newBuilder().setUsernsOptions(UserNamespace.newBuilder()
                .setMode(NamespaceMode.NODE)).build(), true, null);
        String pod = runPod(pc);
        String log = usernsContainer(pod, pc);
        for (String line : Files.readAllLines(Path.of("/proc/self/uid_map"))) {
            String[] f = line.trim().split("\\s+");
            String re = "(?s).*\\s+" + f[0] + "\\s+" + f[1] + "\\s+" + f[2] + ".*";
            expect(logLines(pc, log).stream().anyMatch(l -> l[0].equals("stdout") && l[1].matches(re)),
                    "no line " + line + " in the container's uid_map");
        }
    }

    /** The four RunPodSandbox refusals: two mappings, container id 0 not mapped, modes CONTAINER and TARGET. */
    private static void usernsRefusals() throws Exception {
        requireUserns();
        List<UserNamespace> bad = List.of(
                UserNamespace.newBuilder().setMode(NamespaceMode.POD).addUids(mapping(0, 1000, 100000))
                        .addUids(mapping(0, 2000, 100000)).addGids(mapping(0, 1000, 100000))
                        .addGids(mapping(0, 2000, 100000)).build(),
                UserNamespace.newBuilder().setMode(NamespaceMode.POD).addUids(mapping(1, 1000, 100000))
                        .addGids(mapping(1, 1000, 100000)).build(),
                UserNamespace.newBuilder().setMode(NamespaceMode.CONTAINER).build(),
                UserNamespace.newBuilder().setMode(NamespaceMode.TARGET).build());
        for (UserNamespace u : bad) {
            PodSandboxConfig pc = podConfig("user-namespaces-pod", false).setLinux(LinuxPodSandboxConfig
                    .newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(
                            NamespaceOption.newBuilder().setUsernsOptions(u)))).build();
            try {
                runPod(pc);
            } catch (StatusRuntimeException e) {
                continue;
            }
            throw new Failure("RunPodSandbox accepted " + u);
        }
    }

    /**
     * AppArmor: critest skips every spec where /sys/module/apparmor/parameters/enabled is not Y. Where it is, the
     * specs need a profile named by localhost/ refused when not loaded; checked here either way.
     */
    private static void apparmor() throws Exception {
        PodSandboxConfig pc = podConfig("create-PodSandbox-for-container", false).build();
        String pod = runPod(pc);
        for (boolean deprecated : new boolean[] {true, false}) {
            LinuxContainerSecurityContext.Builder s = sec();
            if (deprecated) {
                s.setApparmorProfile("localhost/non-existent-profile");
            } else {
                s.setApparmor(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Localhost)
                        .setLocalhostRef("localhost/non-existent-profile"));
            }
            try {
                create(pod, pc, container("apparmor-test", BUSYBOX, List.of("touch", "/tmp/foo"), s));
            } catch (StatusRuntimeException e) {
                continue;
            }
            throw new Failure("created with an unloaded AppArmor profile (deprecated field: " + deprecated + ")");
        }
    }
}
