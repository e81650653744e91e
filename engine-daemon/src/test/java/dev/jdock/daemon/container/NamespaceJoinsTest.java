package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code container:<x>} PID, IPC and network modes: x's namespaces are opened by the daemon after the check that x's
 * pid is still x's process, and the spec names the daemon's held descriptors, never {@code /proc/<x's pid>/ns}.
 */
class NamespaceJoinsTest {
    private static final int DONOR_PID = 4242;

    @TempDir
    Path root;

    private ContainerStore store;
    private Container donor;

    /** A fake /proc with the donor's process (in the donor's cgroup unless {@code cgroup} says otherwise). */
    private Path proc(String cgroup) throws IOException {
        store = new ContainerStore(root.resolve("containers"));
        donor = store.add(new ContainerRecord("d".repeat(64), "donor", "2026-12-07T10:00:00Z", "sleep",
                List.of("1000"), "sha256:" + "b".repeat(64), ContainerConfig.builder().build(),
                HostConfig.builder().build()));
        store.update(donor, donor.state().running(DONOR_PID, 99, "2026-12-07T10:00:01Z"));
        Path pid = Files.createDirectories(root.resolve("proc").resolve(Integer.toString(DONOR_PID)).resolve("ns"));
        for (String type : List.of("pid", "ipc", "net")) {
            Files.writeString(pid.resolve(type), "donor's " + type);
        }
        Files.writeString(pid.getParent().resolve("cgroup"), cgroup == null ? "0::/jdock/" + donor.id() + "\n"
                : cgroup);
        return root.resolve("proc");
    }

    private static Optional<NamespaceSpec> ns(List<NamespaceSpec> l, String type) {
        return l.stream().filter(n -> n.type().equals(type)).findFirst();
    }

    private List<NamespaceSpec> apply(HostConfig hc, JoinedNamespaces joined) {
        return NamespaceModes.apply(DockerDefaults.namespaces(), hc, store::find, joined);
    }

    @Test
    void theSpecNamesTheDaemonsDescriptors_heldUntilClosed() throws IOException {
        JoinedNamespaces joined = new JoinedNamespaces(proc(null));
        HostConfig hc = HostConfig.builder().pidMode("container:donor").ipcMode("container:" + donor.id()).build();
        List<NamespaceSpec> l = apply(hc, joined);
        String fds = "/proc/" + ProcessHandle.current().pid() + "/fd/";
        for (String type : List.of("pid", "ipc")) {
            Path p = ns(l, type).orElseThrow().joinPath().orElseThrow();
            assertTrue(p.toString().startsWith(fds), p.toString());
            assertEquals("donor's " + type, Files.readString(p), "the path reaches the file held, not a pid's");
        }
        assertEquals(NamespaceSpec.create("net"), ns(l, "net").orElseThrow());
        assertEquals(NamespaceSpec.create("uts"), ns(l, "uts").orElseThrow());
        List<Fd> held = joined.held();
        assertEquals(2, held.size());
        assertTrue(held.stream().allMatch(Fd::isOpen));
        joined.close();
        assertTrue(held.stream().noneMatch(Fd::isOpen), "closed with the holder");
        assertEquals(List.of(), joined.held());
        joined.close();
    }

    @Test
    void aDonorWhosePidIsAnotherProcess_isRefused_andNothingIsHeld() throws IOException {
        Path proc = proc("0::/user.slice/session-1.scope\n"); // the donor exited; a host process has its pid
        JoinedNamespaces joined = new JoinedNamespaces(proc);
        EngineException e = assertThrows(EngineException.class,
                () -> apply(HostConfig.builder().pidMode("container:donor").build(), joined));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("container " + donor.id() + " is not running", e.getMessage());
        e = assertThrows(EngineException.class,
                () -> apply(HostConfig.builder().ipcMode("container:donor").build(), joined));
        assertEquals("can't join IPC of container donor: container " + donor.id() + " is not running",
                e.getMessage());
        assertEquals(List.of(), joined.held());
    }

    @Test
    void aStoppedOrMissingDonor_isMobysRefusal_beforeAnythingIsOpened() throws IOException {
        JoinedNamespaces joined = new JoinedNamespaces(proc(null));
        store.update(donor, donor.state().exited(0, "", "2026-12-07T10:00:02Z", false));
        EngineException e = assertThrows(EngineException.class,
                () -> apply(HostConfig.builder().pidMode("container:donor").build(), joined));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("container " + donor.id() + " is not running", e.getMessage());
        e = assertThrows(EngineException.class,
                () -> apply(HostConfig.builder().ipcMode("container:donor").build(), joined));
        assertEquals("can't join IPC of container donor: container " + donor.id() + " is not running",
                e.getMessage());
        e = assertThrows(EngineException.class,
                () -> apply(HostConfig.builder().pidMode("container:nosuch").build(), joined));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("No such container: nosuch", e.getMessage());
        assertEquals(List.of(), joined.held());
    }

    /** moby's generateSecurityOpt at create: IPC first, then PID; not with label=, host modes or privileged. */
    @Test
    void aMissingPidOrIpcDonor_isRefusedAtCreate_asMobysGenerateSecurityOpt() throws IOException {
        proc(null);
        for (HostConfig hc : List.of(HostConfig.builder().pidMode("container:nosuch").build(),
                HostConfig.builder().ipcMode("container:nosuch").build(),
                HostConfig.builder().ipcMode("container:nosuch").pidMode("container:donor").build())) {
            EngineException e = assertThrows(EngineException.class,
                    () -> NamespaceModes.checkDonorsExist(hc, store::find));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
            assertEquals("No such container: nosuch", e.getMessage());
        }
        EngineException e = assertThrows(EngineException.class, () -> NamespaceModes.checkDonorsExist(
                HostConfig.builder().ipcMode("container:first").pidMode("container:second").build(), store::find));
        assertEquals("No such container: first", e.getMessage(), "the IPC donor is looked up first");
        store.update(donor, donor.state().exited(0, "", "2026-12-07T10:00:02Z", false));
        for (HostConfig hc : List.of(HostConfig.builder().pidMode("container:donor").ipcMode("container:donor")
                .build(), // a stopped donor is the start's refusal
                HostConfig.builder().pidMode("container:nosuch").ipcMode("host").build(),
                HostConfig.builder().ipcMode("container:nosuch").pidMode("host").build(),
                HostConfig.builder().pidMode("container:nosuch").privileged(true).build(),
                HostConfig.builder().pidMode("container:nosuch").securityOpt(List.of("label=disable")).build(),
                HostConfig.builder().networkMode("container:nosuch").build())) {
            NamespaceModes.checkDonorsExist(hc, store::find);
        }
    }

    @Test
    void theIpcDonorsRefusal_isWordedAlike_byTheShmPlan() throws IOException {
        proc(null);
        store.update(donor, donor.state().exited(0, "", "2026-12-07T10:00:02Z", false));
        Container joiner = store.add(new ContainerRecord("e".repeat(64), "joiner", "2026-12-07T10:00:00Z", "sh",
                List.of(), "sha256:" + "b".repeat(64), ContainerConfig.builder().build(),
                HostConfig.builder().ipcMode("container:donor").build()));
        EngineException e = assertThrows(EngineException.class,
                () -> new IpcShm(new RecordingSyscalls(), store::find).plan(joiner));
        assertEquals("can't join IPC of container donor: container " + donor.id() + " is not running",
                e.getMessage());
    }

    @Test
    void theSpecFactory_joinsTheNetworkDonorByDescriptorToo() throws IOException {
        Path proc = proc(null);
        JoinedNamespaces joined = new JoinedNamespaces(proc);
        Container joiner = store.add(new ContainerRecord("e".repeat(64), "joiner", "2026-12-07T10:00:00Z", "sh",
                List.of(), "sha256:" + "b".repeat(64), ContainerConfig.builder().build(),
                HostConfig.builder().pidMode("container:donor").networkMode("container:donor").build()));
        ContainerNetworking net = new LoopbackNetworking() {
            @Override
            public Optional<Path> joinNetns(Container c, JoinedNamespaces j) {
                return Optional.of(j.open(donor, "net", () -> EngineException.conflict("not running")));
            }
        };
        RuntimeHost host = new RuntimeHost("", ~0L, new HostLimits(Map.of(), 0),
                new AppArmorProfiles(new FakeAppArmor(false), root.resolve("apparmor.d")));
        SpecFactory f = new SpecFactory(host, root.resolve("docker-init"),
                () -> new ContainerDefaults(Map.of(), List.of()), net, TestNeighbours.NO_MOUNTS,
                new IpcShm(new RecordingSyscalls(), store::find), store::find);
        RuntimeSpec spec = f.build(joiner, new SpecFactory.Inputs(new ImageSource.Rootfs(List.of(root.resolve("l")),
                root.resolve("u"), root.resolve("w")), root.resolve("run"), List.of(), Optional.empty(), 0L, joined));
        for (String type : List.of("pid", "net")) {
            Path p = ns(spec.namespaces(), type).orElseThrow().joinPath().orElseThrow();
            assertFalse(p.startsWith(proc), p.toString());
            assertEquals("donor's " + type, Files.readString(p));
        }
        assertEquals(2, joined.held().size());
        joined.close();
    }
}
