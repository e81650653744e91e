package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.MiniJson;
import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.PsFormat;
import dev.jdock.cli.reply.ContainerSummaryView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ps --format (checked against docker 28 on the same daemon) and the run flags that map onto HostConfig. */
class PsFormatTest {
    private static final long NOW = 1_795_000_100_000L;
    private static final String JSON = "[{\"Id\":\"9d75a4e14305aaaabbbbccccddddeeeeffff00001111222233334444555566667\","
            + "\"Names\":[\"/f1\"],\"Image\":\"busybox\",\"ImageID\":\"sha256:ab\",\"Command\":\"sleep 300\","
            + "\"Created\":1795000000,\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,"
            + "\"Type\":\"tcp\"}],\"Labels\":{\"a\":\"b\",\"k\":\"v\"},\"State\":\"running\","
            + "\"Status\":\"Up 1 second\",\"HostConfig\":{\"NetworkMode\":\"none\"},"
            + "\"NetworkSettings\":{\"Networks\":{\"none\":{}}},\"Mounts\":[]}]";

    private static List<ContainerSummaryView> list() throws Exception {
        return ContainerSummaryView.listOf(MiniJson.parse(JSON.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void plainTemplate_oneLinePerContainer() throws Exception {
        assertEquals("f1 Up 1 second\n", PsFormat.render(list(), "{{.Names}} {{.Status}}", false, true, false, NOW));
        assertEquals("9d75a4e14305 busybox \"sleep 300\" running\n",
                PsFormat.render(list(), "{{.ID}} {{.Image}} {{.Command}} {{.State}}", false, true, false, NOW));
        assertEquals("v|a=b,k=v|0.0.0.0:8080->80/tcp|none\n",
                PsFormat.render(list(), "{{.Label \"k\"}}|{{.Labels}}|{{.Ports}}|{{.Networks}}", false, true, false,
                        NOW));
    }

    @Test
    void table_hasDockersHeaders() throws Exception {
        String out = PsFormat.render(list(), "table {{.ID}}\\t{{.Names}}\\t{{.Status}}", false, true, false, NOW);
        assertEquals("CONTAINER ID   NAMES     STATUS\n9d75a4e14305   f1        Up 1 second\n", out);
    }

    @Test
    void json_hasEveryFieldSorted() throws Exception {
        String out = PsFormat.render(list(), "{{json .}}", false, true, false, NOW);
        assertTrue(out.startsWith("{\"Command\":\"\\\"sleep 300\\\"\",\"CreatedAt\":"), out);
        assertTrue(out.contains("\"Names\":\"f1\",\"Networks\":\"none\",\"Platform\":null,\"Ports\":"), out);
        assertTrue(out.contains("\"RunningFor\":\"About a minute ago\",\"Size\":\"0B\",\"State\":\"running\""), out);
    }

    @Test
    void quiet_andNoTrunc() throws Exception {
        assertEquals("9d75a4e14305\n", PsFormat.render(list(), "{{.Names}}", true, true, false, NOW));
        assertEquals("9d75a4e14305aaaabbbbccccddddeeeeffff00001111222233334444555566667\n",
                PsFormat.render(list(), "{{.ID}}", false, false, false, NOW));
    }

    @Test
    void sizeIsRequestedOnlyWhenTheTemplateShowsIt() {
        assertTrue(PsFormat.wantsSize("{{.Size}}"));
        assertTrue(PsFormat.wantsSize("{{json .}}"));
        assertFalse(PsFormat.wantsSize("{{.Names}}"));
        assertFalse(PsFormat.wantsSize("json"));
    }

    @Test
    void runFlags_mapOntoHostConfig() {
        Args.Spec spec = RunOptions.spec("run");
        Args a = Args.parse(spec, new String[] {"--oom-kill-disable", "--oom-score-adj", "500", "--cpuset-cpus",
            "0-1", "--cpu-quota", "50000", "--cpu-period", "100000", "--memory-reservation", "32m", "--device",
            "/dev/fuse", "--group-add", "audio", "--sysctl", "net.ipv4.ip_forward=1", "--ipc", "shareable",
            "--pid", "host", "--uts", "host", "--cgroupns", "private", "--cidfile", "/tmp/c", "--cgroup-parent",
            "/jdtest-parent", "busybox"}, 0);
        HostConfig hc = RunOptions.hostConfig(a, spec, null);
        assertEquals(Boolean.TRUE, hc.oomKillDisable());
        assertEquals(500, hc.oomScoreAdj());
        assertEquals("0-1", hc.cpusetCpus());
        assertEquals(50000, hc.cpuQuota());
        assertEquals(100000, hc.cpuPeriod());
        assertEquals(32L << 20, hc.memoryReservation());
        assertEquals(List.of(new DeviceMapping("/dev/fuse", "/dev/fuse", "rwm")), hc.devices());
        assertEquals(List.of("audio"), hc.groupAdd());
        assertEquals("1", hc.sysctls().get("net.ipv4.ip_forward"));
        assertEquals("shareable", hc.ipcMode());
        assertEquals("host", hc.pidMode());
        assertEquals("host", hc.utsMode());
        assertEquals("private", hc.cgroupnsMode());
        assertEquals("/tmp/c", hc.containerIdFile());
        assertEquals("/jdtest-parent", hc.cgroupParent());
    }

    @Test
    void deviceSpecs_asDockerParsesThem() {
        Args.Spec spec = RunOptions.spec("run");
        assertEquals(new DeviceMapping("/dev/a", "/dev/b", "r"), RuntimeFlags.device(spec, "/dev/a:/dev/b:r"));
        assertEquals(new DeviceMapping("/dev/a", "/dev/a", "rw"), RuntimeFlags.device(spec, "/dev/a:rw"));
        assertEquals(new DeviceMapping("/dev/a", "/dev/c", "rwm"), RuntimeFlags.device(spec, "/dev/a:/dev/c"));
        assertThrows(CliException.class, () -> RuntimeFlags.device(spec, "/dev/a:/dev/b:xyz"));
    }
}
