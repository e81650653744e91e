package dev.jdock.daemon.network.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void enableIpv6Forwarding_writesOneOnlyWhenItIsOff() throws IOException {
        Path f = Files.createDirectories(root.resolve("proc/sys/net/ipv6/conf/all")).resolve("forwarding");
        Files.writeString(f, "0\n");
        fs().enableIpv6Forwarding();
        assertEquals("1", Files.readString(f));
        Files.writeString(f, "1\n");
        fs().enableIpv6Forwarding();
        assertEquals("1\n", Files.readString(f), "not written again");
    }

    @Test
    void enableIpv6_clearsDisableIpv6OnlyWhenSet_andMissingFilesAreLoggedOnly() throws IOException {
        Path f = Files.createDirectories(root.resolve("proc/sys/net/ipv6/conf/br-v6")).resolve("disable_ipv6");
        Files.writeString(f, "1\n");
        fs().enableIpv6("br-v6");
        assertEquals("0", Files.readString(f));
        Files.writeString(f, "0\n");
        fs().enableIpv6("br-v6");
        assertEquals("0\n", Files.readString(f), "not written again");
        fs().enableIpv6("br-none");
        fs().enableIpv6Forwarding();
        assertFalse(Files.exists(root.resolve("proc/sys/net/ipv6/conf/br-none")));
        assertFalse(Files.exists(root.resolve("proc/sys/net/ipv6/conf/all")));
    }

    @Test
    void enableIpv6_refusesWhatIsNotAnInterfaceName() throws IOException {
        Path all = Files.createDirectories(root.resolve("proc/sys/net/ipv6/conf/all"));
        Files.writeString(all.resolve("disable_ipv6"), "1\n");
        Files.writeString(root.resolve("proc/sys/net/ipv6/disable_ipv6"), "1\n");
        for (String bad : List.of("", ".", "..", "../all", "a/b", "br:1", "br 0", "sixteen-chars-xx")) {
            assertThrows(IllegalArgumentException.class, () -> fs().enableIpv6(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> fs().enableIpv6(null));
        assertEquals("1\n", Files.readString(all.resolve("disable_ipv6")));
        assertEquals("1\n", Files.readString(root.resolve("proc/sys/net/ipv6/disable_ipv6")));
        assertTrue(LinuxHostNetFs.isLinkName("fifteen-chars-x"));
    }

    @Test
    void ipv6Available_isWhetherProcSysNetIpv6Exists() throws IOException {
        assertFalse(fs().ipv6Available());
        Files.createDirectories(root.resolve("proc/sys/net/ipv4"));
        assertFalse(fs().ipv6Available());
        Files.createDirectories(root.resolve("proc/sys/net/ipv6"));
        assertTrue(fs().ipv6Available());
    }
}
