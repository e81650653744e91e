package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.spec.NamespaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sysctl policy, namespace modes, /dev/shm and --tmpfs, --group-add names, ps port filters. */
class RunFlagsSpecTest {
    /** No containers: the modes here join none (NamespaceJoinsTest has the container:<x> ones). */
    private static final java.util.function.Function<String, Optional<Container>> NONE = ref -> Optional.empty();

    private static List<NamespaceSpec> modes(HostConfig hc) {
        return NamespaceModes.apply(DockerDefaults.namespaces(), hc, NONE, JoinedNamespaces.none());
    }

    private static Optional<NamespaceSpec> ns(List<NamespaceSpec> l, String type) {
        return l.stream().filter(n -> n.type().equals(type)).findFirst();
    }

    @Test
    void sysctl_onlyNamespacedOnesAreAllowed() {
        for (String ok : List.of("net.ipv4.ip_forward", "net.core.somaxconn", "kernel.shmmax", "kernel.sem",
                "kernel.msgmax", "fs.mqueue.msg_max", "kernel.domainname")) {
            assertTrue(SysctlPolicy.allowed(ok), ok);
        }
        for (String bad : List.of("kernel.hostname", "vm.swappiness", "net.", "net/../x", "fs.file-max", "")) {
            assertFalse(SysctlPolicy.allowed(bad), bad);
        }
        EngineException e = assertThrows(EngineException.class, () -> SysctlPolicy.validate(
                HostConfig.builder().sysctls(Map.of("vm.swappiness", "1")).build()));
        assertTrue(e.getMessage().contains("is not whitelisted"), e.getMessage());
    }

    @Test
    void domainname_isWrittenAsKernelDomainname_inANewUtsNamespaceOnly() {
        dev.jdock.api.types.container.ContainerConfig cfg = dev.jdock.api.types.container.ContainerCreateRequest
                .builder().image("busybox").domainname("example.com").build().toConfig();
        HostConfig none = HostConfig.builder().build();
        List<NamespaceSpec> fresh = modes(none);
        assertEquals(Map.of("kernel.domainname", "example.com"), SpecFactory.sysctls(none, cfg, fresh));
        HostConfig host = HostConfig.builder().utsMode("host").build();
        assertEquals(Map.of(), SpecFactory.sysctls(host, cfg, modes(host)));
        HostConfig own = HostConfig.builder().sysctls(Map.of("kernel.domainname", "mine")).build();
        assertEquals(Map.of("kernel.domainname", "mine"), SpecFactory.sysctls(own, cfg, fresh));
        dev.jdock.api.types.container.ContainerConfig plain = dev.jdock.api.types.container.ContainerCreateRequest
                .builder().image("busybox").build().toConfig();
        assertEquals(Map.of(), SpecFactory.sysctls(none, plain, fresh));
    }

    @Test
    void namespaces_defaultModesCreateEverything() {
        List<NamespaceSpec> l = modes(HostConfig.builder().build());
        assertEquals(DockerDefaults.namespaces(), l);
    }

    @Test
    void namespaces_hostModesDropTheEntry() {
        HostConfig hc = HostConfig.builder().ipcMode("host").utsMode("host").cgroupnsMode("host").build();
        List<NamespaceSpec> l = modes(hc);
        assertEquals(NamespaceSpec.create("pid"), ns(l, "pid").orElseThrow());
        assertTrue(ns(l, "ipc").isEmpty());
        assertTrue(ns(l, "uts").isEmpty());
        assertTrue(ns(l, "cgroup").isEmpty());
        assertEquals(NamespaceSpec.create("net"), ns(l, "net").orElseThrow());
        assertEquals(NamespaceSpec.create("mnt"), ns(l, "mnt").orElseThrow());
    }

    @Test
    void namespaces_invalidModesAreRejectedAtCreate() {
        assertThrows(EngineException.class, () -> NamespaceModes.validate(HostConfig.builder().ipcMode("x").build()));
        assertThrows(EngineException.class, () -> NamespaceModes.validate(HostConfig.builder().pidMode("x").build()));
        assertThrows(EngineException.class, () -> NamespaceModes.validate(HostConfig.builder().utsMode("x").build()));
        assertThrows(EngineException.class,
                () -> NamespaceModes.validate(HostConfig.builder().cgroupnsMode("x").build()));
        NamespaceModes.validate(HostConfig.builder().ipcMode("shareable").pidMode("host").cgroupnsMode("private")
                .build());
    }

    @Test
    void shm_sizeAndIpcModes() {
        List<MountSpec> base = DockerDefaults.mounts(false, "");
        MountSpec shm = shm(withShm(base, HostConfig.builder().shmSize(128L << 20).build())).orElseThrow();
        assertEquals("mode=1777,size=134217728", shm.data());
        assertEquals("mode=1777,size=67108864",
                shm(withShm(base, HostConfig.builder().build())).orElseThrow().data());
        assertTrue(shm(withShm(base, HostConfig.builder().ipcMode("none").build())).isEmpty());
        MountSpec host = shm(withShm(base, HostConfig.builder().ipcMode("host").build())).orElseThrow();
        assertEquals("/dev/shm", host.source());
        assertEquals("bind", host.type());
    }

    /** What the runtime's mounts become with /dev/shm as {@code hc}'s IPC mode plans it (no container needed). */
    private static List<MountSpec> withShm(List<MountSpec> base, HostConfig hc) {
        return TmpfsMounts.withShm(base, IpcShm.plan(hc));
    }

    private static Optional<MountSpec> shm(List<MountSpec> l) {
        return l.stream().filter(m -> m.destination().equals("/dev/shm")).findFirst();
    }

    @Test
    void tmpfs_mobyDefaultsThenUserOptions() {
        MountSpec m = TmpfsMounts.tmpfs("/run", "rw,size=64m,exec");
        assertEquals("tmpfs", m.type());
        assertEquals("size=64m", m.data());
        assertEquals(MsFlags.MS_NOSUID | MsFlags.MS_NODEV, m.flags());
        MountSpec ro = TmpfsMounts.tmpfs("/x", "ro,mode=700");
        assertEquals(MsFlags.MS_NOSUID | MsFlags.MS_NODEV | MsFlags.MS_NOEXEC | MsFlags.MS_RDONLY, ro.flags());
        assertEquals("mode=700", ro.data());
        assertThrows(EngineException.class, () -> TmpfsMounts.options("bogus"));
        assertEquals("invalid mount path: 'relative' mount path must be absolute", assertThrows(EngineException.class,
                () -> TmpfsMounts.validate(HostConfig.builder().tmpfs(Map.of("relative", "")).build())).getMessage());
        assertEquals("invalid specification: destination can't be '/'", assertThrows(EngineException.class,
                () -> TmpfsMounts.validate(HostConfig.builder().tmpfs(Map.of("/x/..", "")).build())).getMessage());
    }

    @Test
    void groupAdd_namesFromTheTopmostGroupFile(@TempDir Path dir) throws Exception {
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path l1 = Files.createDirectories(dir.resolve("l1/etc"));
        Files.writeString(l1.resolve("group"), "root:x:0:\naudio:x:29:\nstaff:x:50:bob\n");
        ImageSource.Rootfs fs = new ImageSource.Rootfs(List.of(dir.resolve("l1")), upper, dir.resolve("work"));
        assertEquals(List.of(29, 1234, 50), GroupNames.resolve(List.of("audio", "1234", "staff"), fs));
        EngineException e = assertThrows(EngineException.class, () -> GroupNames.resolve(List.of("nosuch"), fs));
        assertEquals("Unable to find group nosuch: no matching entries in group file", e.getMessage());
        assertEquals(ErrorKind.SYSTEM, e.kind(), "moby's lookup making the spec: a 500");
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/group"), "audio:x:63:\n");
        assertEquals(List.of(63), GroupNames.resolve(List.of("audio"), fs));
    }

    @Test
    void portFilters_singleRangeAndProtocol() {
        assertTrue(ContainerFilter.portFilter("publish", "80").matches(80, "tcp"));
        assertFalse(ContainerFilter.portFilter("publish", "80").matches(80, "udp"));
        assertTrue(ContainerFilter.portFilter("expose", "53/udp").matches(53, "udp"));
        assertTrue(ContainerFilter.portFilter("expose", "8000-8080/tcp").matches(8042, "tcp"));
        assertFalse(ContainerFilter.portFilter("publish", "8000-8080").matches(8081, "tcp"));
        assertTrue(ContainerFilter.portFilter("publish", "80/").matches(80, null), "no protocol: tcp");
        assertFalse(ContainerFilter.portFilter("expose", "80/TCP").matches(80, "tcp"), "dockerd: as typed");
        assertTrue(ContainerFilter.portFilter("expose", "80/tcp/udp").matches(80, "tcp"), "nat: the second part");
        assertThrows(EngineException.class, () -> ContainerFilter.portFilter("publish", "x"));
    }
}
