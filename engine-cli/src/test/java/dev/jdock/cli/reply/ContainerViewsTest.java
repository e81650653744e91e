package dev.jdock.cli.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.types.common.IdResponse;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.api.types.container.ContainerPruneResponse;
import dev.jdock.api.types.container.ContainerTopResponse;
import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.api.types.container.NetworkSettings;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.types.container.WaitResponse;
import dev.jdock.api.types.exec.ExecInspect;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container commands' views read what the daemon's records write (serialised as the daemon does). */
class ContainerViewsTest {

    private static Object wire(Object record) throws Exception {
        return MiniJson.parse(Json.mapper().writeValueAsBytes(record));
    }

    @Test
    void containerInspect_idTtyAndPublishedPorts() throws Exception {
        Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
        ports.put("80/tcp", List.of(new PortBinding("0.0.0.0", "8080"), new PortBinding("::", "8080")));
        ports.put("443/tcp", null);
        ports.put("53/udp", List.of(new PortBinding("127.0.0.1", "5353")));
        ContainerInspect c = ContainerInspect.builder().id("abc").config(ContainerConfig.builder().tty(true).build())
                .networkSettings(NetworkSettings.builder().ports(ports).build()).build();
        ContainerInspectView v = new ContainerInspectView(wire(c));
        assertEquals("abc", v.id());
        assertEquals(true, v.tty());
        Map<String, List<PortBindingView>> bound = v.portBindings();
        assertEquals(List.of("80/tcp", "53/udp"), List.copyOf(bound.keySet()), "exposed-only ports left out");
        assertEquals(List.of("0.0.0.0:8080", ":::8080"),
                bound.get("80/tcp").stream().map(b -> b.hostIp() + ":" + b.hostPort()).toList());
        assertEquals(false, new ContainerInspectView(MiniJson.parse("{}".getBytes(StandardCharsets.UTF_8))).tty());
    }

    @Test
    void smallReplies() throws Exception {
        assertEquals(7, new WaitResponseView(wire(new WaitResponse(7, null))).statusCode());
        assertEquals("sha256:1", new IdResponseView(wire(new IdResponse("sha256:1"))).id());
        ContainerPruneView prune = new ContainerPruneView(wire(new ContainerPruneResponse(List.of("a", "b"), 42)));
        assertEquals(List.of("a", "b"), prune.containersDeleted());
        assertEquals(42, prune.spaceReclaimed());
        assertEquals(List.of(), new ContainerPruneView(wire(new ContainerPruneResponse(null, 0))).containersDeleted());
        ContainerPathStatView stat = new ContainerPathStatView(
                wire(new ContainerPathStat("sh", 10, 0x8000000L | 0777, "2024-01-01T00:00:00Z", "/bin/busybox")));
        assertEquals(List.of("sh", 0x8000000L | 0777, "/bin/busybox"),
                List.of(stat.name(), stat.mode(), stat.linkTarget()));
        List<FilesystemChangeView> changes = FilesystemChangeView.listOf(
                wire(List.of(new FilesystemChange("/etc", 0), new FilesystemChange("/etc/x", 1))));
        assertEquals(List.of("/etc", 0L, "/etc/x", 1L),
                List.of(changes.get(0).path(), changes.get(0).kind(), changes.get(1).path(), changes.get(1).kind()));
        assertEquals(List.of(), FilesystemChangeView.listOf(null));
    }

    @Test
    void top_titlesAndProcessRows() throws Exception {
        ContainerTopView top = new ContainerTopView(wire(new ContainerTopResponse(List.of("PID", "CMD"),
                List.of(List.of("1", "sleep 60"), List.of("7", "sh")))));
        assertEquals(List.of("PID", "CMD"), top.titles());
        assertEquals(List.of(List.of("1", "sleep 60"), List.of("7", "sh")), top.processes());
        assertEquals(List.of(), new ContainerTopView(wire(new ContainerTopResponse(null, null))).processes());
    }

    @Test
    void execInspect_exitCode_nullWhileRunningReadsZero() throws Exception {
        ExecInspect done = Json.mapper().readValue("{\"ID\":\"e\",\"Running\":false,\"ExitCode\":3}", ExecInspect.class);
        assertEquals(3, new ExecInspectView(wire(done)).exitCode());
        ExecInspect running = Json.mapper().readValue("{\"ID\":\"e\",\"Running\":true,\"ExitCode\":null}",
                ExecInspect.class);
        assertEquals(0, new ExecInspectView(wire(running)).exitCode());
    }
}
