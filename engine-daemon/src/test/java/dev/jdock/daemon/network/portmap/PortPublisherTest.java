package dev.jdock.daemon.network.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Published ports on both address families, as moby 28 publishes them: a binding without a host IP is 0.0.0.0 and ::
 * on one host port, the :: side served by the proxy to the container's IPv4 address. Real loopback sockets (127.0.0.1
 * and ::1, no root; skipped where the host cannot listen on IPv6), ports 47050-47059 only; every blocking read has a
 * socket timeout.
 */
class PortPublisherTest {
    private static final String LO = "127.0.0.1";
    private static final int CONTAINER = 47050;
    private static final int GUARD_MILLIS = 10_000;

    private final PortProxy proxy = new PortProxy();

    @BeforeEach
    void ipv6() {
        assumeTrue(HostIp.ipv6Listenable(), "this host cannot listen on [::1]");
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    private static PortRequest anyHost(String proto, int first, int last) {
        return new PortRequest(proto, CONTAINER, "", first, last);
    }

    private static ServerSocket backend() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LO, CONTAINER));
        s.setSoTimeout(GUARD_MILLIS);
        return s;
    }

    /** One request through {@code ip:port}: the container side answers with what it read. */
    private static String roundTrip(ServerSocket container, String ip, int port) throws IOException {
        try (Socket c = new Socket(ip, port)) {
            c.setSoTimeout(GUARD_MILLIS);
            try (Socket inside = container.accept()) {
                inside.setSoTimeout(GUARD_MILLIS);
                c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                String got = new String(inside.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
                inside.getOutputStream().write(("re:" + got).getBytes(StandardCharsets.US_ASCII));
                return new String(c.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
            }
        }
    }

    private static boolean free(String ip, int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ip, port));
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    @Test
    void anyHost_isBoundOn0000AndOnColons_onePort_bothReachTheIpv4Container() throws IOException {
        PortPublisher pub = new PortPublisher(proxy, true, true);
        try (ServerSocket container = backend()) {
            List<PublishedPort> out = pub.publish("c1", List.of(anyHost("tcp", 47051, 47051)), LO);
            assertEquals(List.of(new PublishedPort("tcp", "0.0.0.0", 47051, CONTAINER),
                    new PublishedPort("tcp", "::", 47051, CONTAINER)), out);
            assertEquals("re:ping", roundTrip(container, "::1", 47051));
            assertEquals("re:ping", roundTrip(container, LO, 47051));
            assertFalse(free("::1", 47051));
            pub.unpublish("c1");
            assertTrue(free("::1", 47051), "both families released");
            assertTrue(free(LO, 47051));
        }
    }

    @Test
    void randomPort_isTheSameOnBothFamilies() {
        PortPublisher pub = new PortPublisher(proxy, true, true);
        List<PublishedPort> out = pub.publish("c1", List.of(anyHost("tcp", 0, 0), anyHost("udp", 0, 0)), LO);
        assertEquals(4, out.size());
        assertNotEquals(0, out.get(0).hostPort());
        assertEquals(out.get(0).hostPort(), out.get(1).hostPort());
        assertEquals(List.of("0.0.0.0", "::"), List.of(out.get(0).hostIp(), out.get(1).hostIp()));
        assertEquals("udp", out.get(2).proto());
        assertEquals(out.get(2).hostPort(), out.get(3).hostPort());
        pub.unpublish("c1");
    }

    /** moby's port allocator: the address whose port is taken names the error, Go's way ({@code :::P}). */
    @Test
    void takenOnIpv6Only_failsTheFixedPort_releasesItsIpv4Side_andARangeMovesOnBoth() throws IOException {
        PortPublisher pub = new PortPublisher(proxy, true, true);
        try (PortProxy.Binding other = proxy.bind("tcp", "::", 47052, LO, CONTAINER)) {
            assertTrue(free(LO, 47052), "an IPv6 listener leaves IPv4 alone (IPV6_V6ONLY)");
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> pub.publish("c1", List.of(anyHost("tcp", 47052, 47052)), LO));
            assertEquals("Bind for :::47052 failed: port is already allocated", e.getMessage());
            assertTrue(free(LO, 47052), "the IPv4 side bound first is released");
            List<PublishedPort> out = pub.publish("c1", List.of(anyHost("tcp", 47052, 47053)), LO);
            assertEquals(List.of(new PublishedPort("tcp", "0.0.0.0", 47053, CONTAINER),
                    new PublishedPort("tcp", "::", 47053, CONTAINER)), out);
            pub.unpublish("c1");
        }
    }

    /** After a restart: a side another process took while the daemon was down loses only itself. */
    @Test
    void restore_bindsEachSideOnItsOwn_aTakenOneIsLeftOut() throws IOException {
        PortPublisher pub = new PortPublisher(proxy, true, true);
        List<PublishedPort> had = List.of(new PublishedPort("tcp", "0.0.0.0", 47058, CONTAINER),
                new PublishedPort("tcp", "::", 47058, CONTAINER), new PublishedPort("tcp", "::", 47059, CONTAINER));
        try (ServerSocket container = backend();
                PortProxy.Binding other = proxy.bind("tcp", "::", 47059, LO, CONTAINER)) {
            assertEquals(had.subList(0, 2), pub.restore("c1", had, LO));
            assertEquals("re:ping", roundTrip(container, "::1", 47058));
            pub.unpublish("c1");
            assertTrue(free("::1", 47058));
            assertTrue(free(LO, 47058));
            assertFalse(free("::1", 47059), "the other process keeps its port");
        }
    }

    @Test
    void explicitAddresses_areBoundAlone_ipv6InGosForm() throws IOException {
        PortPublisher pub = new PortPublisher(proxy, true, true);
        try (ServerSocket container = backend()) {
            List<PublishedPort> out = pub.publish("c1", List.of(
                    new PortRequest("tcp", CONTAINER, "0:0::1", 47054, 47054),
                    new PortRequest("tcp", 81, "0.0.0.0", 47055, 47055)), LO);
            assertEquals(List.of(new PublishedPort("tcp", "::1", 47054, CONTAINER),
                    new PublishedPort("tcp", "0.0.0.0", 47055, 81)), out);
            assertTrue(free(LO, 47054), "[::1] only");
            assertTrue(free("::1", 47055), "0.0.0.0 only");
            assertEquals("re:ping", roundTrip(container, "::1", 47054));
            pub.unpublish("c1");
        }
    }

    /** moby without the userland proxy: nothing maps IPv6 to an IPv4-only container, so no :: binding at all. */
    @Test
    void withoutTheUserlandProxy_orIpv6_onlyIpv4IsPublished() {
        for (PortPublisher pub : new PortPublisher[] {new PortPublisher(proxy, false, true),
                new PortPublisher(proxy, true, false)}) {
            List<PublishedPort> out = pub.publish("c1", List.of(anyHost("tcp", 47056, 47056)), LO);
            assertEquals(List.of(new PublishedPort("tcp", "0.0.0.0", 47056, CONTAINER)), out);
            pub.unpublish("c1");
        }
        PortPublisher noProxy = new PortPublisher(proxy, false, true);
        assertEquals(List.of(), noProxy.publish("c1", List.of(new PortRequest("tcp", 80, "::1", 47056, 47056)), LO));
        noProxy.unpublish("c1");
    }

    @Test
    void udp_overIpv6_reachesTheIpv4Container_andTheAnswerComesBack() throws IOException {
        PortPublisher pub = new PortPublisher(proxy, true, true);
        try (DatagramSocket container = new DatagramSocket(new InetSocketAddress(LO, CONTAINER));
                DatagramSocket c = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            container.setSoTimeout(GUARD_MILLIS);
            c.setSoTimeout(GUARD_MILLIS);
            pub.publish("c1", List.of(anyHost("udp", 47057, 47057)), LO);
            byte[] q = "query".getBytes(StandardCharsets.US_ASCII);
            c.send(new DatagramPacket(q, q.length, InetAddress.getByName("::1"), 47057));
            DatagramPacket in = new DatagramPacket(new byte[64], 64);
            container.receive(in);
            assertEquals("query", new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
            byte[] a = "reply".getBytes(StandardCharsets.US_ASCII);
            container.send(new DatagramPacket(a, a.length, in.getSocketAddress()));
            DatagramPacket out = new DatagramPacket(new byte[64], 64);
            c.receive(out);
            assertEquals("reply", new String(out.getData(), 0, out.getLength(), StandardCharsets.US_ASCII));
            assertEquals(InetAddress.getByName("::1"), out.getAddress(), "answered from the address asked");
        } finally {
            pub.unpublish("c1");
        }
    }
}
