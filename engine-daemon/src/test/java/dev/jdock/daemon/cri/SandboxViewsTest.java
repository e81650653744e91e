package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.cri.v1.LinuxPodSandboxConfig;
import dev.jdock.daemon.cri.v1.PodSandboxConfig;
import dev.jdock.daemon.cri.v1.PodSandboxMetadata;
import org.junit.jupiter.api.Test;

/** The sandbox request's cgroup parent under each driver. */
class SandboxViewsTest {
    @Test
    void systemd_takesAPathsLastName_asContainerd_cgroupfs_takesTheParentAsItIs() {
        assertEquals("test.slice", SandboxViews.cgroupParent("/test.slice", true), "critest's parent");
        assertEquals("kubepods-besteffort-pod1.slice",
                SandboxViews.cgroupParent("kubepods-besteffort-pod1.slice", true), "the kubelet's");
        assertEquals("b.slice", SandboxViews.cgroupParent("/a.slice/b.slice/", true));
        assertEquals("", SandboxViews.cgroupParent("", true));
        assertEquals("/", SandboxViews.cgroupParent("/", true), "nothing left: as given (then refused)");
        assertEquals("/test.slice", SandboxViews.cgroupParent("/test.slice", false));
        assertEquals("/kubepods/pod1", SandboxViews.cgroupParent("/kubepods/pod1", false));
        PodSandboxConfig c = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("p").setUid("u").setNamespace("n"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/test.slice")).build();
        assertEquals("test.slice", SandboxViews.request(c, "", true).cgroupParent());
        assertEquals("/test.slice", SandboxViews.request(c, "").cgroupParent());
    }
}
