package dev.jdock.daemon.network.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.Test;

/**
 * The userland proxy on loopback sockets (no root): a published port relays bytes both ways, passes a half-close on,
 * and its connections end when the binding is closed (the container exits). Ports 47020-47039 only. Every blocking
 * read has a socket timeout, so a broken proxy fails the test instead of hanging it.
 */
class PortProxyTest {
    private static final String LO = "127.0.0.1";
    private static final int GUARD_MILLIS = 10_000;

    private final PortProxy proxy = new PortProxy();

    @AfterEach
    void close() {
        proxy.close();
    }

    private static ServerSocket backend(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LO, port));
        s.setSoTimeout(GUARD_MILLIS);
        return s;
    }

    private static Socket client(int port) throws IOException {
        Socket s = new Socket(LO, port);
        s.setSoTimeout(GUARD_MILLIS);
        return s;
    }

    private static Socket accept(ServerSocket server) throws IOException {
        Socket s = server.accept();
        s.setSoTimeout(GUARD_MILLIS);
        return s;
    }

    private static String readN(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    private static boolean free(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(LO, port));
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    @Test
    void tcp_relaysBytesBothWays() throws IOException {
        try (ServerSocket container = backend(47020);
                PortProxy.Binding b = proxy.bind("tcp", LO, 47021, LO, 47020);
                Socket c = client(47021);
                Socket inside = accept(container)) {
            assertEquals(47021, b.port());
            c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", readN(inside.getInputStream(), 4));
            inside.getOutputStream().write("pong!".getBytes(StandardCharsets.US_ASCII));
            assertEquals("pong!", readN(c.getInputStream(), 5));
        }
    }

    @Test
    void tcp_halfClose_reachesTheContainer_andItsAnswerStillComesBack() throws IOException {
        try (ServerSocket container = backend(47022);
                PortProxy.Binding b = proxy.bind("tcp", LO, 47023, LO, 47022);
                Socket c = client(47023)) {
            c.getOutputStream().write("GET /\n".getBytes(StandardCharsets.US_ASCII));
            c.shutdownOutput(); // as nc sends its request
            try (Socket inside = accept(container)) {
                assertEquals("GET /\n", readToEnd(inside.getInputStream()), "the FIN arrives after the bytes");
                inside.getOutputStream().write("answer".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals("answer", readToEnd(c.getInputStream()));
        }
    }

    @Test
    void closingTheBinding_endsItsConnections_andFreesThePort() throws IOException {
        PortProxy.Binding b = proxy.bind("tcp", LO, 47025, LO, 47024);
        try (ServerSocket container = backend(47024); Socket c = client(47025); Socket inside = accept(container)) {
            c.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            assertEquals("x", readN(inside.getInputStream(), 1));
            b.close(); // the container exits
            assertEquals(-1, c.getInputStream().read(), "the client's connection ends");
            assertEquals(-1, inside.getInputStream().read(), "and so does the one to the container");
            assertTrue(free(47025));
        }
    }

    @Test
    void tcp_containerNotListening_closesTheClient() throws IOException {
        try (PortProxy.Binding b = proxy.bind("tcp", LO, 47027, LO, 47026); Socket c = client(47027)) {
            assertEquals(-1, c.getInputStream().read());
        }
    }

    @Test
    void bind_portTaken_isDockersPortInUse() throws IOException {
        try (ServerSocket taken = backend(47028)) {
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> proxy.bind("tcp", LO, 47028, LO, 80));
            assertEquals("Bind for 127.0.0.1:47028 failed: port is already allocated", e.getMessage());
        }
    }

    @Test
    void reserve_holdsThePortWithoutServingIt_andCloseFreesIt() throws IOException {
        PortProxy.Binding b = proxy.reserve("tcp", LO, 47034);
        assertEquals(47034, b.port());
        assertFalse(free(47034), "no one else may listen on a held port");
        assertThrows(IOException.class, () -> client(47034).close(), "nothing accepts connections there");
        assertThrows(PortInUseException.class, () -> proxy.reserve("tcp", LO, 47034));
        b.close();
        assertTrue(free(47034));
        try (PortProxy.Binding u = proxy.reserve("udp", LO, 0)) {
            assertTrue(u.port() > 0, "port 0 is any port");
            assertThrows(java.net.SocketException.class, () -> new DatagramSocket(new InetSocketAddress(LO,
                    u.port())).close());
        }
    }

    @Test
    void udp_relaysADatagramAndItsAnswer() throws IOException {
        try (DatagramSocket container = new DatagramSocket(new InetSocketAddress(LO, 47030));
                PortProxy.Binding b = proxy.bind("udp", LO, 47031, LO, 47030);
                DatagramSocket c = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            container.setSoTimeout(GUARD_MILLIS);
            c.setSoTimeout(GUARD_MILLIS);
            byte[] q = "query".getBytes(StandardCharsets.US_ASCII);
            c.send(new DatagramPacket(q, q.length, InetAddress.getByName(LO), 47031));
            DatagramPacket in = new DatagramPacket(new byte[64], 64);
            container.receive(in);
            assertEquals("query", new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
            byte[] a = "reply".getBytes(StandardCharsets.US_ASCII);
            container.send(new DatagramPacket(a, a.length, in.getSocketAddress()));
            DatagramPacket out = new DatagramPacket(new byte[64], 64);
            c.receive(out);
            assertEquals("reply", new String(out.getData(), 0, out.getLength(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void publisher_isAllOrNothing_andUnpublishFreesThePorts() throws IOException {
        PortPublisher pub = new PortPublisher(proxy);
        try (ServerSocket taken = backend(47033)) {
            assertThrows(PortInUseException.class, () -> pub.publish("c1", List.of(
                    new PortRequest("tcp", 80, LO, 47032, 47032), new PortRequest("tcp", 81, LO, 47033, 47033)),
                    LO));
            assertTrue(free(47032), "the first port is released when the second fails");
        }
        List<PublishedPort> out = pub.publish("c1", List.of(new PortRequest("tcp", 80, LO, 47032, 47033)), LO);
        assertEquals(List.of(new PublishedPort("tcp", LO, 47032, 80)), out);
        assertFalse(free(47032));
        pub.unpublish("c1");
        assertTrue(free(47032));
    }
}
