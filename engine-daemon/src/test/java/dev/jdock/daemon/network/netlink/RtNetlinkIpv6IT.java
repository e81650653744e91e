package dev.jdock.daemon.network.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 requests of {@link RtNetlink} on the kernel, in a netns of this test ({@code ip netns add}) holding one end
 * of a veth pair, through {@link LinuxNetlink#inNetns} as a container's is configured. Needs root.
 */
@Tag("root")
class RtNetlinkIpv6IT {
    private static final String NS = "v6nltest";
    private static final String NS_PATH = "/run/netns/" + NS;
    private static final String HOST_END = "v6nl-h";
    private static final String NS_END = "v6nl-c";
    private final Netlink netlink = new LinuxNetlink();

    @BeforeEach
    void netns() throws Exception {
        cleanup();
        assertEquals(0, sh("ip", "netns", "add", NS));
        assertEquals(0, sh("ip", "link", "add", HOST_END, "type", "veth", "peer", "name", NS_END, "netns", NS));
        assertEquals(0, sh("ip", "link", "set", HOST_END, "up"));
    }

    @AfterEach
    void cleanup() throws Exception {
        sh("ip", "link", "del", HOST_END);
        sh("ip", "netns", "del", NS);
    }

    private static Inet6Address v6(String s) throws Exception {
        return (Inet6Address) InetAddress.getByName(s);
    }

    @Test
    void addressAndDefaultRoute_areUsableAtOnce_andReadBack() throws Exception {
        Inet6Address addr = v6("fd00:6e1::2");
        Inet6Address gw = v6("fd00:6e1::1");
        List<Netlink.Address6> read = netlink.inNetns(NS_PATH, s -> {
            int index = s.linkIndex(NS_END);
            s.setUp(index, 0);
            s.addAddress6(index, addr, 64);
            s.addAddress6(index, addr, 64); // NLM_F_REPLACE: again is no error
            s.addDefaultRoute6(gw, index);
            NetlinkException e = assertThrows(NetlinkException.class, () -> s.addDefaultRoute6(gw, index));
            assertEquals(17, e.errno(), "EEXIST for a second default route");
            assertEquals(List.of(), s.addresses6("v6nl-none"));
            return s.addresses6(NS_END);
        });
        assertEquals(List.of(new Netlink.Address6(addr, 64)), read, "global only, not the link-local one");
        String addrs = out("ip", "-o", "-n", NS, "-6", "addr", "show", "dev", NS_END);
        String line = addrs.lines().filter(l -> l.contains("inet6 fd00:6e1::2/64 scope global")).findFirst()
                .orElse("");
        assertFalse(line.isEmpty(), addrs);
        assertFalse(line.contains("tentative"), "nodad: usable at once: " + line);
        assertTrue(addrs.contains("fe80::"), "the link-local address exists, and addresses6 left it out: " + addrs);
        String routes = out("ip", "-n", NS, "-6", "route", "show", "default");
        assertTrue(routes.startsWith("default via fd00:6e1::1 dev " + NS_END + " "), routes); // proto boot: unsaid

        Inet6Address gw2 = v6("fd00:6e1::fe");
        netlink.inNetns(NS_PATH, s -> {
            int index = s.linkIndex(NS_END);
            s.replaceDefaultRoute6(gw2, index);
            s.deleteAddress6(index, addr, 64);
            return null;
        });
        routes = out("ip", "-n", NS, "-6", "route", "show", "default");
        assertTrue(routes.startsWith("default via fd00:6e1::fe dev " + NS_END + " "), routes);
        assertEquals(List.of(), netlink.inNetns(NS_PATH, s -> s.addresses6(NS_END)));
        assertFalse(out("ip", "-n", NS, "-6", "addr", "show", "dev", NS_END).contains("fd00:6e1::2"));
    }

    @Test
    void defaultRoute6_isRefusedOnALinkThatIsDown_orViaAnUnreachableGateway() throws Exception {
        int[] errnos = netlink.inNetns(NS_PATH, s -> {
            int index = s.linkIndex(NS_END);
            try {
                s.addAddress6(index, v6("fd00:6e1::2"), 64);
                int down = assertThrows(NetlinkException.class, () -> s.addDefaultRoute6(v6("fd00:6e1::1"), index))
                        .errno();
                s.setUp(index, 0);
                int away = assertThrows(NetlinkException.class, () -> s.addDefaultRoute6(v6("fd00:6e2::1"), index))
                        .errno();
                return new int[] {down, away};
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(FakeNetlink.EHOSTUNREACH, errnos[0], "a link that is down (as FakeNetlink answers)");
        assertEquals(FakeNetlink.EHOSTUNREACH, errnos[1], "a gateway outside the subnets (as FakeNetlink answers)");
    }

    private static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String out(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return s;
    }
}
