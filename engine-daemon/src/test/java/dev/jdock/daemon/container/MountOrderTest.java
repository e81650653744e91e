package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.runtime.spec.MountSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountOrderTest {
    private static final List<MountSpec> RUNTIME = List.of(
            new MountSpec("proc", "/proc", "proc", 0, "", false),
            new MountSpec("shm", "/dev/shm", "tmpfs", 0, "size=65536k", false));
    private static final List<MountSpec> NETWORK_FILES = List.of(
            MountSpec.bind("/c/hostname", "/etc/hostname", false, true),
            MountSpec.bind("/c/hosts", "/etc/hosts", false, true),
            MountSpec.bind("/c/resolv.conf", "/etc/resolv.conf", false, true));

    private static List<String> destinations(List<MountSpec> ms) {
        return ms.stream().map(MountSpec::destination).toList();
    }

    @Test
    void aVolumeOverEtc_comesBeforeTheNetworkFiles() {
        List<MountSpec> out = MountOrder.stack(RUNTIME, NETWORK_FILES,
                List.of(MountSpec.bind("/v/data", "/data/x", false, false), MountSpec.bind("/v/etc", "/etc", false,
                        false)));
        assertEquals(List.of("/proc", "/dev/shm", "/etc", "/data/x", "/etc/hostname", "/etc/hosts",
                "/etc/resolv.conf"), destinations(out));
    }

    @Test
    void aTmpfsOverAVolumesParent_comesFirst() {
        HostConfig hc = HostConfig.builder().tmpfs(Map.of("/data", "size=1m")).build();
        List<MountSpec> requested = TmpfsMounts.requested(hc);
        requested.add(MountSpec.bind("/v/x", "/data/x", false, false));
        List<MountSpec> out = MountOrder.stack(RUNTIME, NETWORK_FILES, requested);
        assertEquals(List.of("/proc", "/dev/shm", "/data", "/data/x", "/etc/hostname", "/etc/hosts",
                "/etc/resolv.conf"), destinations(out));
        assertEquals("tmpfs", out.get(2).type());
    }

    @Test
    void aNetworkFileTheContainerMountsItself_isLeftOut() {
        List<MountSpec> out = MountOrder.stack(RUNTIME, NETWORK_FILES,
                List.of(MountSpec.bind("/h/hosts", "/etc/hosts", true, true),
                        new MountSpec("tmpfs", "/etc/resolv.conf/", "tmpfs", 0, "", false)));
        assertEquals(List.of("/proc", "/dev/shm", "/etc/hosts", "/etc/resolv.conf/", "/etc/hostname"),
                destinations(out));
        assertEquals("/h/hosts", out.get(2).source());
    }

    @Test
    void mountsOfOneDepth_keepTheirOrder() {
        List<MountSpec> out = MountOrder.stack(List.of(), List.of(),
                List.of(MountSpec.bind("/b", "/b/1", false, false), MountSpec.bind("/a", "/a", false, false),
                        MountSpec.bind("/c", "/c/1", false, false), MountSpec.bind("/d", "/d", false, false)));
        assertEquals(List.of("/a", "/d", "/b/1", "/c/1"), destinations(out));
    }
}
