package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.NamespaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Namespaced sysctls only into a namespace that is not the host's, judged by the namespace actually joined. */
class SysctlNamespacesTest {
    /** pid 100's namespaces are the host's (a container on the host network), pid 200's are its own. */
    private static final SysctlNamespaces.HostNamespaces HOST = (type, ns) -> {
        if (!ns.startsWith("/proc/100") && !ns.startsWith("/proc/200") && !ns.startsWith("/proc/self")) {
            throw new java.nio.file.NoSuchFileException(ns.toString());
        }
        return !ns.startsWith("/proc/200");
    };
    private final Map<String, Container> containers = new HashMap<>();

    private void container(String name, HostConfig hc, int pid) {
        ContainerRecord rec = new ContainerRecord(name + "-id", name, "2024-01-01T00:00:00Z", "sh", List.of(), "img",
                ContainerConfig.builder().build(), hc);
        ContainerRunState st = ContainerRunState.created();
        containers.put(name, new Container(rec, pid > 0 ? st.running(pid, 99, "2024-01-01T00:00:01Z") : st,
                Path.of("/nonexistent", name)));
    }

    private void create(HostConfig hc) {
        SysctlNamespaces.checkCreate(hc, ref -> Optional.ofNullable(containers.get(ref)), HOST);
    }

    private static HostConfig.Builder sysctl(String k) {
        return HostConfig.builder().sysctls(Map.of(k, "1"));
    }

    private static String refused(Runnable r) {
        return assertThrows(EngineException.class, r::run).getMessage();
    }

    @Test
    void create_containerModeOnAHostNetworkContainer_isRefused() {
        container("hostnet", HostConfig.builder().networkMode("host").build(), 100);
        container("stoppedhost", HostConfig.builder().networkMode("host").build(), 0);
        container("own", HostConfig.builder().networkMode("bridge").build(), 200);
        container("chain", HostConfig.builder().networkMode("container:stoppedhost").build(), 0);
        String msg = "sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace";
        assertEquals(msg, refused(() -> create(sysctl("net.ipv4.ip_forward").networkMode("host").build())));
        assertEquals(msg, refused(() -> create(sysctl("net.ipv4.ip_forward").networkMode("container:hostnet")
                .build())));
        assertEquals(msg, refused(() -> create(sysctl("net.ipv4.ip_forward")
                .networkMode("container:stoppedhost").build())), "judged by its mode when it is not running");
        assertEquals(msg, refused(() -> create(sysctl("net.ipv4.ip_forward").networkMode("container:chain")
                .build())), "container: followed to the end");
        create(sysctl("net.ipv4.ip_forward").networkMode("container:own").build());
        create(sysctl("net.ipv4.ip_forward").networkMode("container:unknown").build());
        create(sysctl("net.ipv4.ip_forward").build());
    }

    @Test
    void create_ipcAndUtsFamilies_areJudgedByTheirOwnNamespace() {
        container("hostipc", HostConfig.builder().ipcMode("host").build(), 0);
        container("liveipc", HostConfig.builder().ipcMode("shareable").build(), 100);
        assertEquals("sysctl \"kernel.shmmax\" is not allowed in the hosts ipc namespace",
                refused(() -> create(sysctl("kernel.shmmax").ipcMode("container:hostipc").build())));
        assertEquals("sysctl \"fs.mqueue.msg_max\" is not allowed in the hosts ipc namespace",
                refused(() -> create(sysctl("fs.mqueue.msg_max").ipcMode("container:liveipc").build())));
        assertEquals("sysctl \"kernel.domainname\" is not in a separate kernel namespace",
                refused(() -> create(sysctl("kernel.domainname").utsMode("host").build())));
        create(sysctl("kernel.shmmax").networkMode("host").build());
        create(sysctl("kernel.domainname").networkMode("host").ipcMode("host").build());
    }

    @Test
    void launch_joinedNamespaceIsComparedWithTheHosts() {
        Map<String, String> net = Map.of("net.core.somaxconn", "1024");
        List<NamespaceSpec> base = DockerDefaults.namespaces();
        SysctlNamespaces.checkLaunch(net, base, HOST);
        assertEquals("sysctl \"net.core.somaxconn\" not allowed in host network namespace",
                refused(() -> SysctlNamespaces.checkLaunch(net, with(base, "net", "/proc/100/ns/net"), HOST)));
        assertEquals("sysctl \"net.core.somaxconn\" not allowed in host network namespace",
                refused(() -> SysctlNamespaces.checkLaunch(net, with(base, "net", "/proc/self/ns/net"), HOST)));
        SysctlNamespaces.checkLaunch(net, with(base, "net", "/proc/200/ns/net"), HOST);
        assertEquals("sysctl \"net.core.somaxconn\" not allowed in host network namespace",
                refused(() -> SysctlNamespaces.checkLaunch(net, without(base, "net"), HOST)));
        assertEquals("sysctl \"kernel.sem\" is not allowed in the hosts ipc namespace", refused(() ->
                SysctlNamespaces.checkLaunch(Map.of("kernel.sem", "1"), without(base, "ipc"), HOST)));
        assertEquals("invalid netns path: /proc/300/ns/net: /proc/300/ns/net", refused(() ->
                SysctlNamespaces.checkLaunch(net, with(base, "net", "/proc/300/ns/net"), HOST)));
    }

    @Test
    void proc_theDaemonsOwnNamespacesAreTheHosts() throws Exception {
        Path self = Path.of("/proc/self/ns/net");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(self));
        assertEquals(true, SysctlNamespaces.PROC.isHost("net", self));
        assertEquals(true, SysctlNamespaces.PROC.isHost("ipc", Path.of("/proc/self/ns/ipc")));
        assertEquals(false, SysctlNamespaces.PROC.isHost("net", Path.of("/proc/self/ns/ipc")));
    }

    private static List<NamespaceSpec> with(List<NamespaceSpec> base, String type, String path) {
        return base.stream().map(n -> n.type().equals(type) ? NamespaceSpec.join(type, Path.of(path)) : n).toList();
    }

    private static List<NamespaceSpec> without(List<NamespaceSpec> base, String type) {
        return base.stream().filter(n -> !Set.of(type).contains(n.type())).toList();
    }
}
