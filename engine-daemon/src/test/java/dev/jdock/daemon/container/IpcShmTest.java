package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.syscall.MountFlags;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /dev/shm plan per IpcMode and the host-side tmpfs of shareable containers (mount plan on a fake). */
class IpcShmTest {
    @TempDir
    Path root;
    private final RecordingSyscalls sys = new RecordingSyscalls();
    private final Map<String, Container> containers = new HashMap<>();
    private IpcShm ipc;

    @BeforeEach
    void setUp() {
        ipc = new IpcShm(sys, ref -> Optional.ofNullable(containers.get(ref)), this::mountedOnFake);
    }

    /** A path is mounted when the fake saw more mounts than unmounts of it. */
    private boolean mountedOnFake(Path p) {
        long mounts = sys.calls(RecordingSyscalls.MountCall.class).stream().filter(m -> m.target().equals(p)).count();
        long umounts = sys.calls(RecordingSyscalls.UmountCall.class).stream().filter(u -> u.target().equals(p))
                .count();
        return mounts > umounts;
    }

    private Container container(String name, HostConfig hc, boolean running) {
        ContainerRecord rec = new ContainerRecord(name + "-id", name, "2024-01-01T00:00:00Z", "sh", List.of(), "img",
                ContainerConfig.builder().build(), hc);
        ContainerRunState st = ContainerRunState.created();
        Container c = new Container(rec, running ? st.running(100, 99, "2024-01-01T00:00:01Z") : st,
                root.resolve(name));
        containers.put(name, c);
        return c;
    }

    private static HostConfig ipc(String mode) {
        return HostConfig.builder().ipcMode(mode).build();
    }

    private static PodLink pod(String shmDir) {
        return new PodLink("s1", Map.of(), "", "", shmDir, null);
    }

    @Test
    void aPodContainer_bindsItsPodsShm_onlyWhileThatIsMounted() {
        IpcShm.Plan own = new IpcShm.Plan.Own(64L << 20);
        Path podShm = root.resolve("sandboxes/s1/shm");
        assertEquals(own, ipc.plan(pod(podShm.toString()), own), "not mounted (a stopped pod): never a plain dir");
        sys.mount("shm", podShm, "tmpfs", 0, "");
        assertEquals(new IpcShm.Plan.Bind(podShm), ipc.plan(pod(podShm.toString()), own));
        assertEquals(new IpcShm.Plan.Bind(Path.of("/dev/shm")), ipc.plan(pod("/dev/shm"), own), "a host-IPC pod");
        assertEquals(own, ipc.plan(pod(""), own), "a link from before pods had one");
    }

    @Test
    void withDefaults_setsPrivateAndShmSizeLikeMoby() {
        HostConfig d = IpcShm.withDefaults(HostConfig.builder().build());
        assertEquals("private", d.ipcMode());
        assertEquals(64L << 20, d.shmSize());
        HostConfig kept = IpcShm.withDefaults(HostConfig.builder().ipcMode("shareable").shmSize(1 << 20).build());
        assertEquals("shareable", kept.ipcMode());
        assertEquals(1 << 20, kept.shmSize());
    }

    @Test
    void plan_perMode() {
        assertEquals(new IpcShm.Plan.Own(64L << 20), ipc.plan(container("p", ipc("private"), true)));
        assertEquals(new IpcShm.Plan.Own(64L << 20), ipc.plan(container("unset", ipc(""), true)));
        assertEquals(new IpcShm.Plan.None(), ipc.plan(container("n", ipc("none"), true)));
        assertEquals(new IpcShm.Plan.Bind(Path.of("/dev/shm")), ipc.plan(container("h", ipc("host"), true)));
        Container s = container("s", ipc("shareable"), true);
        assertEquals(new IpcShm.Plan.Bind(root.resolve("s/mounts/shm")), ipc.plan(s));
    }

    @Test
    void plan_containerMode_bindsTheDonorsHostSideShm() {
        container("donor", ipc("shareable"), true);
        Container joiner = container("j", ipc("container:donor"), false);
        assertEquals(new IpcShm.Plan.Bind(root.resolve("donor/mounts/shm")), ipc.plan(joiner));
        // a chain (container:j where j joined donor) ends at the donor's directory, as moby copies ShmPath
        container("j2", ipc("container:donor"), true);
        assertEquals(new IpcShm.Plan.Bind(root.resolve("donor/mounts/shm")),
                ipc.plan(container("j3", ipc("container:j2"), false)));
        container("hostipc", ipc("host"), true);
        assertEquals(new IpcShm.Plan.Bind(Path.of("/dev/shm")),
                ipc.plan(container("j4", ipc("container:hostipc"), false)));
    }

    @Test
    void plan_containerMode_refusesPrivateStoppedAndUnknownDonors() {
        container("priv", ipc("private"), true);
        EngineException e = assertThrows(EngineException.class,
                () -> ipc.plan(container("j", ipc("container:priv"), false)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("can't join IPC of container priv: non-shareable IPC (hint: use IpcMode:shareable for the donor "
                + "container)",
                e.getMessage());
        container("stopped", ipc("shareable"), false);
        e = assertThrows(EngineException.class, () -> ipc.plan(container("j2", ipc("container:stopped"), false)));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("can't join IPC of container stopped: container stopped-id is not running",
                e.getMessage());
        e = assertThrows(EngineException.class, () -> ipc.plan(container("j3", ipc("container:nope"), false)));
        assertEquals("No such container: nope", e.getMessage());
    }

    @Test
    void mount_shareable_tmpfsOnTheHostWithShmSize() {
        Container s = container("s", HostConfig.builder().ipcMode("shareable").shmSize(128L << 20).build(), false);
        ipc.mount(s);
        Path dir = root.resolve("s/mounts/shm");
        assertTrue(Files.isDirectory(dir));
        assertEquals(List.of(new RecordingSyscalls.MountCall("shm", dir, "tmpfs",
                MsFlags.MS_NOSUID | MsFlags.MS_NODEV | MsFlags.MS_NOEXEC, "mode=1777,size=134217728")),
                sys.calls(RecordingSyscalls.MountCall.class));
    }

    @Test
    void mount_otherModes_mountNothing() {
        for (String mode : List.of("private", "", "none", "host")) {
            ipc.mount(container("c" + mode, ipc(mode), false));
        }
        container("donor", ipc("shareable"), true);
        ipc.mount(container("j", ipc("container:donor"), false));
        assertEquals(List.of(), sys.calls());
    }

    @Test
    void release_unmountsOnceAndMountReplacesALeftover() {
        Container s = container("s", ipc("shareable"), false);
        Path dir = root.resolve("s/mounts/shm");
        ipc.mount(s);
        ipc.mount(s); // the first was left over: unmounted before the fresh one
        assertEquals(2, sys.calls(RecordingSyscalls.MountCall.class).size());
        assertEquals(List.of(new RecordingSyscalls.UmountCall(dir, MountFlags.MNT_DETACH)),
                sys.calls(RecordingSyscalls.UmountCall.class));
        ipc.release(s);
        ipc.release(s);
        assertEquals(2, sys.calls(RecordingSyscalls.UmountCall.class).size());
        ipc.release(container("p", ipc("private"), false));
        assertEquals(2, sys.calls(RecordingSyscalls.UmountCall.class).size());
    }

    @Test
    void release_notMountedAnymore_EINVALIsQuiet() {
        Container s = container("s", ipc("shareable"), false);
        ipc.mount(s);
        sys.failAlways("umount", 22);
        ipc.release(s); // returns instead of looping on a mount point the kernel says is gone
        assertEquals(1, sys.count("umount"));
    }

    @Test
    void tmpfsMounts_bindPlan_isAnRbindWithNosuidNodevNoexec() {
        List<MountSpec> base = List.of(new MountSpec("shm", "/dev/shm", "tmpfs", 0, "size=65536k", false));
        MountSpec m = TmpfsMounts.withShm(base, new IpcShm.Plan.Bind(Path.of("/d/mounts/shm")))
                .get(0);
        assertEquals("/d/mounts/shm", m.source());
        assertEquals("bind", m.type());
        assertEquals(MsFlags.MS_BIND | MsFlags.MS_REC | IpcShm.FLAGS, m.flags());
        assertEquals(List.of(), TmpfsMounts.withShm(base, new IpcShm.Plan.None()));
        assertEquals("mode=1777,size=1024",
                TmpfsMounts.withShm(base, new IpcShm.Plan.Own(1024)).get(0).data());
    }

    @Test
    void mountPoints_decodesMountinfoEscapes() {
        Set<String> p = IpcShm.mountPoints("""
                22 1 0:21 / / rw shared:1 - ext4 /dev/sda1 rw
                90 22 0:50 / /var/lib/a\\040b/mounts/shm rw,nosuid,nodev,noexec - tmpfs shm rw,size=65536k
                """);
        assertEquals(Set.of("/", "/var/lib/a b/mounts/shm"), p);
    }
}
