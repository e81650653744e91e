package dev.jdock.daemon.cri.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.cri.v1.ContainerState;
import dev.jdock.daemon.cri.v1.MountPropagation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jdock's run states and records as the CRI's container messages. */
class CriContainerViewsTest {
    private static ContainerRunState state(ContainerStatus s, int code, String error, boolean oom) {
        return new ContainerRunState(s, 0, 0, code, error, "2026-01-02T03:04:05.123456789Z",
                "2026-01-02T03:04:06Z", oom, 0);
    }

    @Test
    void states_andContainerdsReasons() {
        assertEquals(ContainerState.CONTAINER_CREATED, CriContainerViews.state(ContainerRunState.created()));
        assertEquals("", CriContainerViews.reason(ContainerRunState.created()));
        assertEquals(ContainerState.CONTAINER_RUNNING, CriContainerViews.state(state(ContainerStatus.PAUSED, 0, "",
                false)));
        assertEquals(ContainerState.CONTAINER_RUNNING, CriContainerViews.state(state(ContainerStatus.RESTARTING, 1,
                "", false)));
        assertEquals("Completed", CriContainerViews.reason(state(ContainerStatus.EXITED, 0, "", false)));
        assertEquals("Error", CriContainerViews.reason(state(ContainerStatus.EXITED, 2, "", false)));
        assertEquals("OOMKilled", CriContainerViews.reason(state(ContainerStatus.EXITED, 137, "", true)));
        ContainerRunState failedStart = state(ContainerStatus.CREATED, 128, "exec: \"nope\": not found", false);
        assertEquals(ContainerState.CONTAINER_EXITED, CriContainerViews.state(failedStart));
        assertEquals("StartError", CriContainerViews.reason(failedStart));
        assertEquals(ContainerState.CONTAINER_EXITED, CriContainerViews.state(state(ContainerStatus.DEAD, 0, "",
                false)));
    }

    @Test
    void times_areNanosecondsSinceTheEpoch_zeroForGosZeroTime() {
        assertEquals(1767323045123456789L, CriContainerViews.nanos("2026-01-02T03:04:05.123456789Z"));
        assertEquals(0, CriContainerViews.nanos(ContainerRunState.ZERO_TIME));
        assertEquals(0, CriContainerViews.nanos(""));
    }

    @Test
    void mounts_comeBackAsTheCriGaveThem() {
        HostConfig hc = HostConfig.builder().mounts(List.of(
                new Mount("bind", "/h", "/c", true, null, new Mount.BindOptions("rslave", null, null, null, null),
                        null, null),
                new Mount("bind", "/x", "/y", false, null, null, null, null))).build();

        List<dev.jdock.daemon.cri.v1.Mount> m = CriContainerViews.mounts(hc);

        assertEquals(2, m.size());
        assertEquals("/h", m.get(0).getHostPath());
        assertEquals("/c", m.get(0).getContainerPath());
        assertEquals(true, m.get(0).getReadonly());
        assertEquals(MountPropagation.PROPAGATION_HOST_TO_CONTAINER, m.get(0).getPropagation());
        assertEquals(MountPropagation.PROPAGATION_PRIVATE, m.get(1).getPropagation());
        assertEquals(List.of(), CriContainerViews.mounts(HostConfig.builder().build()));
    }

    @Test
    void resources_areTheOnesTheContainerRunsWith() {
        HostConfig hc = HostConfig.builder().cpuPeriod(100000).cpuQuota(50000).cpuShares(512).memory(64 << 20)
                .memorySwap(-1).oomScoreAdj(500).cpusetCpus("0").build();

        dev.jdock.daemon.cri.v1.LinuxContainerResources r = CriContainerViews.resources(hc).getLinux();

        assertEquals(100000, r.getCpuPeriod());
        assertEquals(50000, r.getCpuQuota());
        assertEquals(512, r.getCpuShares());
        assertEquals(64 << 20, r.getMemoryLimitInBytes());
        assertEquals(0, r.getMemorySwapLimitInBytes(), "unlimited (-1) is no limit in the CRI's terms");
        assertEquals(500, r.getOomScoreAdj());
        assertEquals("0", r.getCpusetCpus());
        assertEquals("", r.getCpusetMems());
    }
}
