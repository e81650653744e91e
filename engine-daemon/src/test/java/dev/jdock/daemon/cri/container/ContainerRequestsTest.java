package dev.jdock.daemon.cri.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.FakeAppArmor;
import dev.jdock.daemon.container.PodLink;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.v1.Capability;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.Device;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.Int64Value;
import dev.jdock.daemon.cri.v1.KeyValue;
import dev.jdock.daemon.cri.v1.LinuxContainerConfig;
import dev.jdock.daemon.cri.v1.LinuxContainerResources;
import dev.jdock.daemon.cri.v1.LinuxContainerSecurityContext;
import dev.jdock.daemon.cri.v1.Mount;
import dev.jdock.daemon.cri.v1.MountPropagation;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.SecurityProfile;
import dev.jdock.daemon.cri.v1.Signal;
import dev.jdock.daemon.cri.v1.SupplementalGroupsPolicy;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** CRI ContainerConfig to jdock create inputs, as containerd builds its spec. */
class ContainerRequestsTest {
    private static final String IMAGE = "sha256:" + "a".repeat(64);
    private static final ContainerRequests.Context CTX = context(new FakeAppArmor(false));

    /** On a host whose AppArmor is {@code appArmor} (this one has none). */
    private static ContainerRequests.Context context(FakeAppArmor appArmor) {
        return new ContainerRequests.Context(() -> "node-1", Path.of("/run/jd/cri/sandboxes/sb1"),
                ref -> ref.equals("target") ? OptionalInt.of(77) : OptionalInt.empty(),
                file -> "{\"profile\":\"" + file + "\"}",
                new AppArmorProfiles(appArmor, Path.of("/nonexistent/apparmor.d")));
    }

    private static PodSandbox sandbox(PodSandbox.Mode network, PodSandbox.Mode pid, PodSandbox.Mode ipc) {
        return new PodSandbox("sb1", new PodSandbox.Metadata("web", "uid-1", "prod", 1),
                PodSandbox.State.SANDBOX_READY, 1, Map.of(), Map.of(), "", "web-host", "/var/log/pods/prod_web_uid-1",
                "/kubepods/pod-uid-1", new PodSandbox.Namespaces(network, pid, ipc),
                network == PodSandbox.Mode.NODE ? "" : "/run/jd/cri/netns/sb1", List.of(), List.of(), 42, 41);
    }

    private static final PodSandbox POD = sandbox(PodSandbox.Mode.POD, PodSandbox.Mode.CONTAINER,
            PodSandbox.Mode.POD);

    private static dev.jdock.daemon.cri.v1.ContainerConfig.Builder config() {
        return dev.jdock.daemon.cri.v1.ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("app").setAttempt(3))
                .setImage(ImageSpec.newBuilder().setImage("busybox:latest"));
    }

    private static LinuxContainerConfig linux(LinuxContainerSecurityContext.Builder sec) {
        return LinuxContainerConfig.newBuilder().setSecurityContext(sec).build();
    }

    private static final PodSandbox.Userns USERNS = new PodSandbox.Userns(
            new UserNamespaceSpec.IdMapping(0, 131072, 65536), new UserNamespaceSpec.IdMapping(0, 131072, 65536));

    private static PodSandbox usernsPod() {
        return new PodSandbox("sb1", new PodSandbox.Metadata("web", "uid-1", "prod", 1),
                PodSandbox.State.SANDBOX_READY, 1, Map.of(), Map.of(), "", "web-host", "/var/log/pods/prod_web_uid-1",
                "/kubepods/pod-uid-1", new PodSandbox.Namespaces(PodSandbox.Mode.POD, PodSandbox.Mode.CONTAINER,
                        PodSandbox.Mode.POD, USERNS), "/run/jd/cri/netns/sb1", List.of(), List.of(), 42, 41);
    }

    private static dev.jdock.daemon.cri.v1.ContainerConfig.Builder withNamespaces(NamespaceOption.Builder ns) {
        return config().setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(ns)));
    }

    @Test
    void userns_aContainerJoinsItsPodsInfraUserns_withThePodsRanges_andContainerdsRefusals() {
        PodLink link = ContainerRequests.translate(withNamespaces(NamespaceOption.newBuilder()
                .setPid(NamespaceMode.CONTAINER)).build(), usernsPod(), IMAGE, CTX).link();
        assertEquals(new PodLink.Userns("/proc/42/ns/user", USERNS.uids(), USERNS.gids()), link.userns());
        assertNull(ContainerRequests.translate(config().build(), POD, IMAGE, CTX).link().userns(),
                "the host's user namespace without one");
        EngineException e = assertThrows(EngineException.class, () -> ContainerRequests.translate(withNamespaces(
                NamespaceOption.newBuilder().setPid(NamespaceMode.NODE)).build(), usernsPod(), IMAGE, CTX));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        e = assertThrows(EngineException.class, () -> ContainerRequests.translate(config().addMounts(Mount.newBuilder()
                .setHostPath("/tmp").setContainerPath("/t").setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL))
                .build(), usernsPod(), IMAGE, CTX));
        assertTrue(e.getMessage().contains("bidirectional"), e.getMessage());
        // image volumes: made idmapped on the host's side by the init (an overlay without upper layer), allowed
        ContainerRequests.translate(config().addMounts(Mount.newBuilder().setContainerPath("/img")
                .setImage(dev.jdock.daemon.cri.v1.ImageSpec.newBuilder().setImage("busybox"))).build(), usernsPod(),
                IMAGE, CTX);
        // CAP_SYS_ADMIN: the init locks the container's mounts in the user namespace (userns.c), allowed
        for (String cap : new String[] {"SYS_ADMIN", "CAP_SYS_ADMIN", "ALL", "sys_admin"}) {
            assertNotNull(ContainerRequests.translate(config().setLinux(
                    LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                            .setCapabilities(dev.jdock.daemon.cri.v1.Capability.newBuilder()
                                    .addAddCapabilities(cap)))).build(), usernsPod(), IMAGE, CTX).link().userns(),
                    cap);
        }
        e = assertThrows(EngineException.class, () -> ContainerRequests.translate(config().setLinux(
                LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                        .setPrivileged(true))).build(), usernsPod(), IMAGE, CTX));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("privileged"), e.getMessage()); // the pod's check comes first
        assertNotNull(ContainerRequests.translate(config().setLinux(LinuxContainerConfig.newBuilder()
                .setSecurityContext(LinuxContainerSecurityContext.newBuilder().setCapabilities(
                        dev.jdock.daemon.cri.v1.Capability.newBuilder().addAddCapabilities("NET_ADMIN"))))
                .build(), usernsPod(), IMAGE, CTX).link().userns(), "other capabilities are fine");
    }

    @Test
    void name_isContainerdsFiveParts() {
        assertEquals("app_web_prod_uid-1_3", ContainerRequests.name(config().build(), POD));
    }

    @Test
    void commandAndArgs_becomeEntrypointAndCmd_envAndTheProcessFieldsAsGiven() {
        ContainerRequests.Translated t = ContainerRequests.translate(config()
                .addCommand("/bin/sh").addArgs("-c").addArgs("echo hi")
                .addEnvs(KeyValue.newBuilder().setKey("A").setValue(ByteString.copyFromUtf8("1")))
                .addEnvs(KeyValue.newBuilder().setKey("B"))
                .setWorkingDir("/srv").setTty(true).setStdin(true).setStdinOnce(true)
                .setStopSignal(Signal.SIGQUIT)
                .putLabels("app", "x").putAnnotations("note", "y").build(), POD, IMAGE, CTX);

        ContainerConfig c = t.request().toConfig();
        assertEquals("app_web_prod_uid-1_3", t.name());
        assertEquals(List.of("/bin/sh"), c.entrypoint());
        assertEquals(List.of("-c", "echo hi"), c.cmd());
        assertEquals(List.of("A=1", "B="), c.env());
        assertEquals("/srv", c.workingDir());
        assertTrue(c.tty() && c.openStdin() && c.stdinOnce());
        assertEquals("SIGQUIT", c.stopSignal());
        assertEquals(IMAGE, c.image());
        assertEquals("web-host", c.hostname(), "HOSTNAME is the pod's");
        assertEquals(Map.of("app", "x", ContainerRequests.SANDBOX_LABEL, "sb1"), c.labels());
        PodLink.Metadata m = t.link().metadata();
        assertEquals(new PodLink.Metadata("app", 3, "busybox:latest", Map.of("app", "x"), Map.of("note", "y")), m);
    }

    @Test
    void withoutCommandOrArgs_theImagesStay_andTheDefaultStopSignalIsTheImages() {
        ContainerConfig c = ContainerRequests.translate(config().build(), POD, IMAGE, CTX).request().toConfig();

        assertNull(c.entrypoint());
        assertNull(c.cmd());
        assertNull(c.stopSignal());
        ContainerConfig argsOnly = ContainerRequests.translate(config().addArgs("x").build(), POD, IMAGE, CTX)
                .request().toConfig();
        assertNull(argsOnly.entrypoint(), "args alone keep the image's entrypoint");
        assertEquals(List.of("x"), argsOnly.cmd());
    }

    @Test
    void user_fromRunAsUserOrUsername_withGroup_andAGroupAloneIsRefused() {
        assertEquals("", ContainerRequests.user(LinuxContainerSecurityContext.getDefaultInstance()));
        assertEquals("1000", ContainerRequests.user(LinuxContainerSecurityContext.newBuilder()
                .setRunAsUser(Int64Value.newBuilder().setValue(1000)).build()));
        assertEquals("0:5", ContainerRequests.user(LinuxContainerSecurityContext.newBuilder()
                .setRunAsUser(Int64Value.newBuilder().setValue(0))
                .setRunAsGroup(Int64Value.newBuilder().setValue(5)).build()));
        assertEquals("nobody", ContainerRequests.user(LinuxContainerSecurityContext.newBuilder()
                .setRunAsUsername("nobody").build()));
        EngineException e = assertThrows(EngineException.class, () -> ContainerRequests.user(
                LinuxContainerSecurityContext.newBuilder().setRunAsGroup(Int64Value.newBuilder().setValue(5))
                        .build()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    @Test
    void supplementalGroupsPolicy_strictIsKeptInTheLink_mergeIsTheDefault_anUnknownOneIsRefused() {
        assertFalse(ContainerRequests.translate(config().build(), POD, IMAGE, CTX).link().strictGroups());
        dev.jdock.daemon.cri.v1.ContainerConfig strict = config().setLinux(LinuxContainerConfig.newBuilder()
                .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                        .setSupplementalGroupsPolicy(SupplementalGroupsPolicy.Strict))).build();
        assertTrue(ContainerRequests.translate(strict, POD, IMAGE, CTX).link().strictGroups());
        EngineException e = assertThrows(EngineException.class, () -> ContainerRequests.strictGroups(
                LinuxContainerSecurityContext.newBuilder().setSupplementalGroupsPolicyValue(7).build()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("SupplementalGroupsPolicy 7"), e.getMessage());
    }

    @Test
    void logPath_isUnderTheSandboxsLogDirectory_andMayNotLeaveIt() {
        assertEquals("/var/log/pods/prod_web_uid-1/app/3.log",
                ContainerRequests.logPath(config().setLogPath("app/3.log").build(), POD));
        assertEquals("", ContainerRequests.logPath(config().build(), POD));
        for (String bad : List.of("/etc/passwd", "../../etc/x", "app/../../x")) {
            EngineException e = assertThrows(EngineException.class,
                    () -> ContainerRequests.logPath(config().setLogPath(bad).build(), POD), bad);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        }
    }

    @Test
    void namespaces_ofAPodNetworkedSandbox_joinItsNetnsAndItsInfrasIpcAndUts() {
        Map<String, String> ns = ContainerRequests.namespaces(POD, LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER)).build(), CTX);

        assertEquals(Map.of("net", "/run/jd/cri/netns/sb1", "ipc", "/proc/42/ns/ipc", "uts", "/proc/42/ns/uts",
                "pid", PodLink.PRIVATE), ns);
    }

    @Test
    void namespaces_hostNetworkAndHostIpc_areTheHosts_pidByTheContainersOption() {
        PodSandbox host = sandbox(PodSandbox.Mode.NODE, PodSandbox.Mode.POD, PodSandbox.Mode.NODE);

        Map<String, String> pod = ContainerRequests.namespaces(host, LinuxContainerSecurityContext.getDefaultInstance(),
                CTX);
        assertEquals(Map.of("net", PodLink.HOST, "ipc", PodLink.HOST, "uts", PodLink.HOST, "pid", "/proc/42/ns/pid"),
                pod);
        assertEquals(PodLink.HOST, ContainerRequests.namespaces(host, pid(NamespaceMode.NODE), CTX).get("pid"));
        assertEquals("/proc/77/ns/pid", ContainerRequests.namespaces(host, LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(NamespaceOption.newBuilder().setPid(NamespaceMode.TARGET).setTargetId("target"))
                .build(), CTX).get("pid"));
        EngineException e = assertThrows(EngineException.class, () -> ContainerRequests.namespaces(host,
                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                        .setPid(NamespaceMode.TARGET).setTargetId("gone")).build(), CTX));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        PodSandbox hostPid = sandbox(PodSandbox.Mode.NODE, PodSandbox.Mode.NODE, PodSandbox.Mode.NODE);
        assertEquals(PodLink.HOST, ContainerRequests.namespaces(hostPid, pid(NamespaceMode.POD), CTX).get("pid"),
                "a pod in the host's pid namespace has no pid namespace to join");
        assertEquals("node-1", ContainerRequests.translate(config().build(), host, IMAGE, CTX).request().toConfig()
                .hostname(), "a host-network container's HOSTNAME is the node's");
    }

    private static LinuxContainerSecurityContext pid(NamespaceMode m) {
        return LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(NamespaceOption.newBuilder().setPid(m))
                .build();
    }

    @Test
    void hostConfig_noEngineNetwork_thePodsCgroupParent_resourcesAndSecurityAsTheDockerApiHasThem() {
        HostConfig hc = ContainerRequests.translate(config()
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(LinuxContainerResources.newBuilder().setCpuPeriod(100000).setCpuQuota(50000)
                                .setCpuShares(512).setMemoryLimitInBytes(64 << 20).setOomScoreAdj(500)
                                .setCpusetCpus("0").setCpusetMems("0"))
                        .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                .setCapabilities(Capability.newBuilder().addAddCapabilities("NET_ADMIN")
                                        .addDropCapabilities("CHOWN"))
                                .setReadonlyRootfs(true).setNoNewPrivs(true)
                                .addSupplementalGroups(10).addSupplementalGroups(20)
                                .addMaskedPaths("/proc/kcore").addReadonlyPaths("/proc/sys")))
                .addDevices(Device.newBuilder().setHostPath("/dev/null").setContainerPath("/dev/x"))
                .build(), POD, IMAGE, CTX).request().hostConfig();

        assertEquals("none", hc.networkMode());
        assertEquals("private", hc.ipcMode());
        assertEquals("/kubepods/pod-uid-1", hc.cgroupParent());
        assertEquals(100000, hc.cpuPeriod());
        assertEquals(50000, hc.cpuQuota());
        assertEquals(512, hc.cpuShares());
        assertEquals(64 << 20, hc.memory());
        assertEquals(64 << 20, hc.memorySwap(), "containerd: no swap unless asked");
        assertEquals(500, hc.oomScoreAdj());
        assertEquals("0", hc.cpusetCpus());
        assertEquals(List.of("NET_ADMIN"), hc.capAdd());
        assertEquals(List.of("CHOWN"), hc.capDrop());
        assertTrue(hc.readonlyRootfs());
        assertFalse(hc.privileged());
        assertEquals(List.of("10", "20"), hc.groupAdd());
        assertEquals(List.of("no-new-privileges", "seccomp=unconfined"), hc.securityOpt());
        assertEquals(List.of("/proc/kcore"), hc.maskedPaths());
        assertEquals(List.of("/proc/sys"), hc.readonlyPaths());
        assertEquals(List.of(new DeviceMapping("/dev/null", "/dev/x", "rwm")), hc.devices());
        HostConfig defaults = ContainerRequests.translate(config().build(), POD, IMAGE, CTX).request().hostConfig();
        assertNull(defaults.maskedPaths(), "none given: Docker's defaults");
        assertNull(defaults.capAdd());
    }

    @Test
    void aPrivilegedContainer_needsAPrivilegedPod_asContainerdChecks() {
        dev.jdock.daemon.cri.v1.ContainerConfig privileged = config().setLinux(linux(LinuxContainerSecurityContext
                .newBuilder().setPrivileged(true))).build();
        EngineException e = assertThrows(EngineException.class, () -> ContainerRequests.translate(privileged, POD,
                IMAGE, CTX));
        assertEquals("no privileged container allowed in sandbox", e.getMessage());
        PodSandbox privilegedPod = new PodSandbox(POD.id(), POD.metadata(), POD.state(), 1, Map.of(), Map.of(), "",
                POD.hostname(), POD.logDirectory(), POD.cgroupParent(), POD.namespaces(), POD.netns(), List.of(),
                List.of(), 42, 41, new PodSandbox.Linux(Map.of(), null, null, null, null, false, true));
        assertTrue(ContainerRequests.translate(privileged, privilegedPod, IMAGE, CTX).request().hostConfig()
                .privileged());
    }

    @Test
    void theContainersShm_isItsPods_orTheHostsWithTheHostsIpc() {
        assertEquals("/run/jd/cri/sandboxes/sb1/shm", ContainerRequests.translate(config().build(), POD, IMAGE, CTX)
                .link().shmDir());
        PodSandbox hostIpc = sandbox(PodSandbox.Mode.POD, PodSandbox.Mode.CONTAINER, PodSandbox.Mode.NODE);
        assertEquals("/dev/shm", ContainerRequests.translate(config().build(), hostIpc, IMAGE, CTX).link().shmDir());
    }

    @Test
    void mounts_areBinds_withThePropagationsLinuxNames() {
        List<dev.jdock.api.types.container.Mount> m = ContainerRequests.translate(config()
                .addMounts(Mount.newBuilder().setHostPath("/data").setContainerPath("/d").setReadonly(true))
                .addMounts(Mount.newBuilder().setHostPath("/a").setContainerPath("/b").setSelinuxRelabel(true)
                        .setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER))
                .addMounts(Mount.newBuilder().setHostPath("/c").setContainerPath("/e")
                        .setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL))
                .build(), POD, IMAGE, CTX).request().hostConfig().mounts();

        assertEquals(List.of("bind", "bind", "bind"), m.stream().map(x -> x.type()).toList());
        assertEquals("/data", m.get(0).source());
        assertEquals("/d", m.get(0).target());
        assertTrue(m.get(0).readOnly());
        assertEquals(List.of("rprivate", "rslave", "rshared"), m.stream().map(x -> x.bindOptions().propagation())
                .toList());
        assertThrows(EngineException.class, () -> ContainerRequests.mount(Mount.newBuilder().setHostPath("rel")
                .setContainerPath("/x").build()));
        assertEquals("host_path must be empty for an image mount: /y", assertThrows(EngineException.class,
                () -> ContainerRequests.mount(Mount.newBuilder().setHostPath("/x").setContainerPath("/y")
                        .setImage(ImageSpec.newBuilder().setImage("busybox")).build())).getMessage());
    }

    /** KEP-4639 image volumes, as containerd 2.1: the pulled image's reference, read-only always, the sub path. */
    @Test
    void imageVolumes_areReadOnlyImageMounts_withTheirSubPath() {
        List<dev.jdock.api.types.container.Mount> m = ContainerRequests.translate(config()
                .addMounts(Mount.newBuilder().setContainerPath("/tools")
                        .setImage(ImageSpec.newBuilder().setImage("sha256:" + "ab".repeat(32))))
                .addMounts(Mount.newBuilder().setContainerPath("/etc/app").setReadonly(false)
                        .setImage(ImageSpec.newBuilder().setImage("config:1")).setImageSubPath("etc/app"))
                .build(), POD, IMAGE, CTX).request().hostConfig().mounts();

        assertEquals(List.of("image", "image"), m.stream().map(x -> x.type()).toList());
        assertEquals("sha256:" + "ab".repeat(32), m.get(0).source());
        assertEquals("/tools", m.get(0).target());
        assertTrue(m.get(0).readOnly());
        assertNull(m.get(0).imageOptions());
        assertNull(m.get(0).bindOptions());
        assertTrue(m.get(1).readOnly(), "an image volume is read-only whatever readonly says");
        assertEquals("etc/app", m.get(1).imageOptions().subpath());
        assertThrows(EngineException.class, () -> ContainerRequests.mount(Mount.newBuilder().setContainerPath("rel")
                .setImage(ImageSpec.newBuilder().setImage("busybox")).build()));
    }

    /** ContainerStatus reports the image volumes as they were asked for. */
    @Test
    void imageVolumes_inTheStatusMounts() {
        var views = CriContainerViews.mounts(HostConfig.builder().mounts(List.of(
                new dev.jdock.api.types.container.Mount("image", "config:1", "/etc/app", true, null, null, null, null,
                        new dev.jdock.api.types.container.Mount.ImageOptions("etc/app")))).build());
        assertEquals(1, views.size());
        assertEquals("config:1", views.get(0).getImage().getImage());
        assertEquals("etc/app", views.get(0).getImageSubPath());
        assertEquals("/etc/app", views.get(0).getContainerPath());
        assertTrue(views.get(0).getReadonly());
        assertEquals("", views.get(0).getHostPath());
    }

    /** As containerd: readonly is the bind's top alone; recursive_read_only (readonly, PRIVATE) all of it. */
    @Test
    void mounts_readOnlyAtTheTop_orRecursively() {
        var plain = ContainerRequests.mount(Mount.newBuilder().setHostPath("/h").setContainerPath("/c")
                .setReadonly(true).build());
        assertEquals(Boolean.TRUE, plain.bindOptions().readOnlyNonRecursive());
        var rro = ContainerRequests.mount(Mount.newBuilder().setHostPath("/h").setContainerPath("/c")
                .setReadonly(true).setRecursiveReadOnly(true).build());
        assertEquals(Boolean.TRUE, rro.bindOptions().readOnlyForceRecursive());
        assertEquals(null, rro.bindOptions().readOnlyNonRecursive());
        var rw = ContainerRequests.mount(Mount.newBuilder().setHostPath("/h").setContainerPath("/c").build());
        assertEquals(null, rw.bindOptions().readOnlyNonRecursive());
        assertEquals("recursive read-only mount must be read-only: /c", assertThrows(EngineException.class,
                () -> ContainerRequests.mount(Mount.newBuilder().setHostPath("/h").setContainerPath("/c")
                        .setRecursiveReadOnly(true).build())).getMessage());
        assertEquals("recursive read-only mount must have private propagation: /c", assertThrows(
                EngineException.class, () -> ContainerRequests.mount(Mount.newBuilder().setHostPath("/h")
                        .setContainerPath("/c").setReadonly(true).setRecursiveReadOnly(true)
                        .setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER).build())).getMessage());
    }

    private static LinuxContainerSecurityContext.Builder localhost(String ref) {
        return LinuxContainerSecurityContext.newBuilder().setApparmor(SecurityProfile.newBuilder()
                .setProfileType(SecurityProfile.ProfileType.Localhost).setLocalhostRef(ref));
    }

    private static LinuxContainerSecurityContext.Builder ofType(SecurityProfile.ProfileType type) {
        return LinuxContainerSecurityContext.newBuilder()
                .setApparmor(SecurityProfile.newBuilder().setProfileType(type));
    }

    /** The engine's security options the translation asks for (the engine turns them into the profile). */
    private static List<String> securityOpts(LinuxContainerSecurityContext.Builder sec, PodSandbox pod,
            ContainerRequests.Context ctx) {
        List<String> opts = ContainerRequests.translate(config().setLinux(linux(sec)).build(), pod, IMAGE, ctx)
                .request().hostConfig().securityOpt();
        return opts == null ? List.of() : opts.stream().filter(o -> o.startsWith("apparmor")).toList();
    }

    @Test
    @SuppressWarnings("deprecation")
    void apparmor_withoutAppArmorOnTheHost_aNamedProfileIsRefused_runtimeDefaultAndUnconfinedMeanNone() {
        for (LinuxContainerSecurityContext.Builder named : List.of(
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("localhost/deny-write"),
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("deny-write"),
                localhost("localhost/x"),
                // the new field wins over the deprecated one
                localhost("x").setApparmorProfile("runtime/default"))) {
            EngineException e = assertThrows(EngineException.class, () -> ContainerRequests.translate(
                    config().setLinux(linux(named)).build(), POD, IMAGE, CTX));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertTrue(e.getMessage().endsWith("cannot be applied: AppArmor is not enabled on this host"),
                    e.getMessage());
        }
        for (LinuxContainerSecurityContext.Builder none : List.of(LinuxContainerSecurityContext.newBuilder(),
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("runtime/default"),
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("unconfined"),
                ofType(SecurityProfile.ProfileType.RuntimeDefault),
                ofType(SecurityProfile.ProfileType.Unconfined).setApparmorProfile("localhost/x"))) {
            assertEquals(List.of(), securityOpts(none, POD, CTX), none.toString());
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void apparmor_onAnAppArmorHost_asContainerdChoosesIt() {
        FakeAppArmor host = new FakeAppArmor(true, "docker-default", "k8s-deny-write");
        ContainerRequests.Context ctx = context(host);
        // RuntimeDefault, none and the deprecated runtime/default: the engine's default profile (docker-default)
        for (LinuxContainerSecurityContext.Builder dflt : List.of(LinuxContainerSecurityContext.newBuilder(),
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("runtime/default"),
                ofType(SecurityProfile.ProfileType.RuntimeDefault))) {
            assertEquals(List.of(), securityOpts(dflt, POD, ctx), dflt.toString());
        }
        assertEquals(List.of("apparmor=unconfined"), securityOpts(ofType(SecurityProfile.ProfileType.Unconfined),
                POD, ctx));
        assertEquals(List.of("apparmor=unconfined"), securityOpts(LinuxContainerSecurityContext.newBuilder()
                .setApparmorProfile("unconfined"), POD, ctx));
        // Localhost: the loaded profile by its name, also as the deprecated localhost/NAME and a prefixed ref
        for (LinuxContainerSecurityContext.Builder named : List.of(localhost("k8s-deny-write"),
                localhost("localhost/k8s-deny-write"),
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("localhost/k8s-deny-write"))) {
            assertEquals(List.of("apparmor=k8s-deny-write"), securityOpts(named, POD, ctx), named.toString());
        }
        // critest: "should fail with an unloaded apparmor_profile", both fields
        for (LinuxContainerSecurityContext.Builder unloaded : List.of(localhost("non-existent-profile"),
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("localhost/non-existent-profile"))) {
            EngineException e = assertThrows(EngineException.class, () -> securityOpts(unloaded, POD, ctx));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertEquals("failed to generate apparmor spec opts: apparmor profile not found non-existent-profile",
                    e.getMessage());
        }
        EngineException bad = assertThrows(EngineException.class, () -> securityOpts(
                LinuxContainerSecurityContext.newBuilder().setApparmorProfile("deny-write"), POD, ctx));
        assertEquals("invalid apparmor profile \"deny-write\"", bad.getMessage());
        assertThrows(EngineException.class, () -> securityOpts(localhost(""), POD, ctx));
        assertEquals(List.of(), host.loads(), "CreateContainer loads nothing");
    }

    @Test
    void apparmor_aPrivilegedContainer_isUnconfinedUnlessItNamesAProfile() {
        ContainerRequests.Context ctx = context(new FakeAppArmor(true, "docker-default", "k8s-deny-write"));
        PodSandbox privilegedPod = new PodSandbox(POD.id(), POD.metadata(), POD.state(), 1, Map.of(), Map.of(), "",
                POD.hostname(), POD.logDirectory(), POD.cgroupParent(), POD.namespaces(), POD.netns(), List.of(),
                List.of(), 42, 41, new PodSandbox.Linux(Map.of(), null, null, null, null, false, true));
        LinuxContainerSecurityContext.Builder runtimeDefault = ofType(SecurityProfile.ProfileType.RuntimeDefault)
                .setPrivileged(true);
        // no option: the engine runs a privileged container unconfined (AppArmorProfilesTest)
        HostConfig hc = ContainerRequests.translate(config().setLinux(linux(runtimeDefault)).build(), privilegedPod,
                IMAGE, ctx).request().hostConfig();
        assertTrue(hc.privileged());
        assertEquals(List.of(), securityOpts(runtimeDefault, privilegedPod, ctx));
        assertEquals(List.of("apparmor=k8s-deny-write"),
                securityOpts(localhost("k8s-deny-write").setPrivileged(true), privilegedPod, ctx));
    }

    @Test
    void seccomp_unconfinedByDefault_runtimeDefault_localhostFile_andTheDeprecatedPaths() {
        assertEquals("seccomp=unconfined", ContainerRequests.seccomp(
                LinuxContainerSecurityContext.getDefaultInstance(), CTX).orElseThrow());
        assertTrue(ContainerRequests.seccomp(LinuxContainerSecurityContext.newBuilder().setSeccomp(
                SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.RuntimeDefault)).build(), CTX)
                .isEmpty());
        assertEquals("seccomp=unconfined", ContainerRequests.seccomp(LinuxContainerSecurityContext.newBuilder()
                .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Unconfined))
                .build(), CTX).orElseThrow());
        assertEquals("seccomp={\"profile\":\"/etc/p.json\"}", ContainerRequests.seccomp(
                LinuxContainerSecurityContext.newBuilder().setSeccomp(SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.Localhost).setLocalhostRef("/etc/p.json"))
                        .build(), CTX).orElseThrow());
        assertTrue(ContainerRequests.seccomp(LinuxContainerSecurityContext.newBuilder()
                .setSeccompProfilePath("runtime/default").build(), CTX).isEmpty());
        assertEquals("seccomp={\"profile\":\"/p.json\"}", ContainerRequests.seccomp(LinuxContainerSecurityContext
                .newBuilder().setSeccompProfilePath("localhost//p.json").build(), CTX).orElseThrow());
        assertTrue(ContainerRequests.seccomp(LinuxContainerSecurityContext.newBuilder().setPrivileged(true).build(),
                CTX).isEmpty(), "privileged: no seccomp option (Docker's privileged has none)");
        assertThrows(EngineException.class, () -> ContainerRequests.seccomp(LinuxContainerSecurityContext
                .newBuilder().setSeccomp(SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.Localhost).setLocalhostRef("rel.json")).build(),
                CTX));
    }

    @Test
    void theLink_namesTheSandbox_itsRunDirectory_andTheLog() {
        PodLink l = ContainerRequests.translate(config().setLogPath("app/3.log").build(), POD, IMAGE, CTX).link();

        assertEquals("sb1", l.sandboxId());
        assertEquals("/run/jd/cri/sandboxes/sb1", l.etcDir());
        assertEquals("/var/log/pods/prod_web_uid-1/app/3.log", l.logPath());
        assertThrows(EngineException.class, () -> ContainerRequests.translate(
                dev.jdock.daemon.cri.v1.ContainerConfig.getDefaultInstance(), POD, IMAGE, CTX));
    }
}
