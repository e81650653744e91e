package dev.jdock.cli.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.api.types.container.Port;
import dev.jdock.api.types.image.ImageSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The views read what the daemon's records write: a record serialised as the daemon does, read back by a view. */
class SummaryViewsTest {

    private static Object wire(Object record) throws Exception {
        return MiniJson.parse(Json.mapper().writeValueAsBytes(List.of(record)));
    }

    @Test
    void containerSummary_readsEveryFieldPsShows() throws Exception {
        Map<String, EndpointSettings> networks = new LinkedHashMap<>();
        networks.put("zeta", null);
        networks.put("bridge", null);
        ContainerSummary s = ContainerSummary.builder().id("abc").names(List.of("/web", "/other/link"))
                .image("nginx").command("nginx -g").created(1700000000L).state("running").status("Up 1 second")
                .sizeRw(12L).sizeRootFs(34L).labels(Map.of("k", "v"))
                .ports(List.of(new Port("0.0.0.0", 80, 8080, "tcp"), new Port(null, 443, null, "udp")))
                .mounts(List.of(new MountPoint("volume", "vol1", "/var/lib/x", "/data", "local", "z", true, ""),
                        new MountPoint("bind", null, "/tmp", "/t", null, "", true, "rprivate")))
                .networkSettings(new ContainerSummary.SummaryNetworkSettings(networks)).build();
        ContainerSummaryView v = ContainerSummaryView.listOf(wire(s)).get(0);
        assertEquals(List.of("abc", "nginx", "nginx -g", "running", "Up 1 second"),
                List.of(v.id(), v.image(), v.command(), v.state(), v.status()));
        assertEquals(List.of(1700000000L, 12L, 34L), List.of(v.created(), v.sizeRw(), v.sizeRootFs()));
        assertEquals(List.of("/web", "/other/link"), v.names());
        assertEquals(Map.of("k", "v"), v.labels());
        assertEquals(List.of("zeta", "bridge"), v.networkNames());
        PortView published = v.ports().get(0);
        PortView exposed = v.ports().get(1);
        assertEquals(List.of("0.0.0.0", 80L, 8080L, "tcp"),
                List.of(published.ip(), published.privatePort(), published.publicPort(), published.type()));
        assertEquals(List.of("", 443L, 0L, "udp"),
                List.of(exposed.ip(), exposed.privatePort(), exposed.publicPort(), exposed.type()));
        MountPointView vol = v.mounts().get(0);
        MountPointView bind = v.mounts().get(1);
        assertEquals(List.of("vol1", "/var/lib/x", "local"), List.of(vol.name(), vol.source(), vol.driver()));
        assertEquals(List.of("", "/tmp", ""), List.of(bind.name(), bind.source(), bind.driver()));
    }

    @Test
    void containerSummary_absentFieldsReadAsGoZeroValues() throws Exception {
        ContainerSummaryView v = ContainerSummaryView.listOf(MiniJson.parse("[{}]".getBytes())).get(0);
        assertEquals(List.of("", "", 0L, 0L), List.of(v.id(), v.status(), v.created(), v.sizeRw()));
        assertEquals(List.of(List.of(), List.of(), List.of(), List.of()),
                List.of(v.names(), v.ports(), v.mounts(), v.networkNames()));
        assertEquals(Map.of(), v.labels());
        assertEquals(List.of(), ContainerSummaryView.listOf(null));
    }

    @Test
    void imageSummary_readsEveryFieldImagesShows() throws Exception {
        ImageSummary s = new ImageSummary(2, 1700000000L, "sha256:ab", Map.of(), "", List.of("busybox@sha256:11"),
                List.of("busybox:latest"), 5, 1000, null);
        ImageSummaryView v = ImageSummaryView.listOf(wire(s)).get(0);
        assertEquals(List.of("sha256:ab", 1700000000L, 1000L, 5L, 2L),
                List.of(v.id(), v.created(), v.size(), v.sharedSize(), v.containers()));
        assertEquals(List.of("busybox:latest"), v.repoTags());
        assertEquals(List.of("busybox@sha256:11"), v.repoDigests());
    }

    @Test
    void imageSummary_absentOrNullSizesAndCounts() throws Exception {
        ImageSummaryView v = ImageSummaryView.listOf(MiniJson.parse("[{\"SharedSize\":null}]".getBytes())).get(0);
        assertEquals(List.of(0L, 0L, false, false),
                List.of(v.sharedSize(), v.containers(), v.hasSharedSize(), v.hasContainers()));
        ImageSummaryView minus = ImageSummaryView.listOf(
                MiniJson.parse("[{\"SharedSize\":-1,\"Containers\":-1}]".getBytes())).get(0);
        assertEquals(List.of(-1L, -1L, true, true),
                List.of(minus.sharedSize(), minus.containers(), minus.hasSharedSize(), minus.hasContainers()));
        assertEquals(List.of(), v.repoTags());
    }
}
