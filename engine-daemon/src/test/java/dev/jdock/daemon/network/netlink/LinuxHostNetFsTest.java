package dev.jdock.daemon.network.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LinuxHostNetFs} on a copy of the files it reads, in a temporary directory (no root). */
class LinuxHostNetFsTest {
    @TempDir
    Path root;

    private LinuxHostNetFs fs() {
        return new LinuxHostNetFs(root.resolve("sys/class/net"), root.resolve("proc"));
    }

    @Test
    void routes_areReadFromProcNetRoute_withoutTheDefaultRoute() throws IOException {
        Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(root.resolve("proc/net/route"), """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t0102A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
                eth0\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                jdock0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
                """);
        assertEquals(List.of(new HostNetFs.Route(0xC0A80200, 24), new HostNetFs.Route(0xAC110000, 16)),
                fs().routes());
        assertEquals(List.of(), new LinuxHostNetFs(root.resolve("none"), root.resolve("none")).routes());
    }

    @Test
    void masters_linksAndHairpin_comeFromSysClassNet() throws IOException {
        Path net = Files.createDirectories(root.resolve("sys/class/net"));
        Files.createDirectories(net.resolve("br0"));
        Files.createDirectories(net.resolve("vetha/brport"));
        Files.createSymbolicLink(net.resolve("vetha/master"), Path.of("../br0"));
        Files.createDirectories(net.resolve("eth0"));
        assertEquals(Map.of("vetha", "br0"), fs().masters());
        assertTrue(fs().linkExists("br0"));
        assertFalse(fs().linkExists("br1"));
    }

    @Test
    void enableForwarding_writesOneOnlyWhenItIsOff() throws IOException {
        Path f = Files.createDirectories(root.resolve("proc/sys/net/ipv4")).resolve("ip_forward");
        Files.writeString(f, "0\n");
        fs().enableForwarding();
        assertEquals("1", Files.readString(f));
        Files.writeString(f, "1\n");
        fs().enableForwarding();
        assertEquals("1\n", Files.readString(f), "not written again");
    }
}
