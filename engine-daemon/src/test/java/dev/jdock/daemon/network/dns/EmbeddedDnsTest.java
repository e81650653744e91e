package dev.jdock.daemon.network.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded DNS on 127.0.0.1 (no netns) against fake upstream servers, also on 127.0.0.1. */
class EmbeddedDnsTest {
    private static final int NXDOMAIN = 3;
    private static final int SERVFAIL = 2;
    private static final long BUDGET_MS = 600;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<String> upstream = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private int upstreamPort;
    private InetSocketAddress server;
    private InetSocketAddress tcpServer;

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void unknownNameGetsTheUpstreamAnswer() throws Exception {
        FakeUpstream up = fakeUpstream(true);
        startDns(up.port());
        upstream.add("127.0.0.1");
        byte[] reply = ask(0x1234, "nosuchname.invalid", 3000);
        assertEquals(0x1234, id(reply));
        assertEquals(NXDOMAIN, rcode(reply));
        assertEquals(1, up.received.size());
        assertArrayEquals(query(0x1234, "nosuchname.invalid"), up.received.get(0));
    }

    @Test
    void knownNameIsAnsweredWithoutUpstream() throws Exception {
        FakeUpstream up = fakeUpstream(true);
        startDns(up.port());
        upstream.add("127.0.0.1");
        byte[] reply = ask(7, "web", 3000);
        assertEquals(7, id(reply));
        assertEquals(0, rcode(reply));
        assertEquals(1, ByteBuffer.wrap(reply).getShort(6)); // one answer
        byte[] ip = Arrays.copyOfRange(reply, reply.length - 4, reply.length);
        assertArrayEquals(new byte[] {10, 1, 2, 3}, ip);
        assertTrue(up.received.isEmpty());
    }

    private static final byte[] SIX = {(byte) 0xfd, 0, 0, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    /** AAAA: the IPv6 addresses of a known name; one without any is NOERROR with no answer (moby's). */
    @Test
    void aaaaIsAnsweredWithTheIpv6Addresses_andANameWithoutOneGetsNoAnswer() throws Exception {
        FakeUpstream up = fakeUpstream(true);
        startDns(up.port());
        upstream.add("127.0.0.1");
        byte[] reply = ask(8, "web", 3000, 28);
        assertEquals(0, rcode(reply));
        assertEquals(1, ByteBuffer.wrap(reply).getShort(6));
        assertArrayEquals(SIX, Arrays.copyOfRange(reply, reply.length - 16, reply.length));
        assertEquals(28, ByteBuffer.wrap(reply).getShort(reply.length - 16 - 10) & 0xffff, "an AAAA record");
        byte[] none = ask(10, "four", 3000, 28);
        assertEquals(0, rcode(none));
        assertEquals(0, ByteBuffer.wrap(none).getShort(6));
        byte[] a = ask(12, "web", 3000);
        assertEquals(1, ByteBuffer.wrap(a).getShort(6), "an A question gets the IPv4 address alone");
        assertTrue(up.received.isEmpty());
    }

    @Test
    void silentUpstreamGivesServfailWithinTheBudget() throws Exception {
        FakeUpstream up = fakeUpstream(false);
        startDns(up.port());
        upstream.add("127.0.0.1");
        long t0 = System.nanoTime();
        byte[] reply = ask(42, "nosuchname.invalid", 3000);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(42, id(reply));
        assertEquals(SERVFAIL, rcode(reply));
        assertTrue(ms >= BUDGET_MS / 2 && ms < BUDGET_MS + 1500, "took " + ms + " ms");
    }

    @Test
    void nextUpstreamIsTriedWhenTheFirstIsSilent() throws Exception {
        FakeUpstream up = fakeUpstream(true);
        startDns(up.port());
        upstream.add("127.0.0.2"); // nothing listens there: refused or silent, either way the next one is asked
        upstream.add("127.0.0.1");
        byte[] reply = ask(9, "elsewhere.invalid", 3000);
        assertEquals(9, id(reply));
        assertEquals(NXDOMAIN, rcode(reply));
    }

    @Test
    void noUpstreamGivesServfail() throws Exception {
        startDns(53);
        byte[] reply = ask(5, "nosuchname.invalid", 3000);
        assertEquals(SERVFAIL, rcode(reply));
    }

    @Test
    void manyForwardedQueriesAllComeBack() throws Exception {
        FakeUpstream up = fakeUpstream(true);
        startDns(up.port());
        upstream.add("127.0.0.1");
        for (int i = 0; i < 20; i++) {
            assertEquals(NXDOMAIN, rcode(ask(100 + i, "n" + i + ".invalid", 3000)));
        }
    }

    private void startDns(int port) throws Exception {
        EmbeddedDns dns = new EmbeddedDns(group, new EmbeddedDns.Resolver() {
            @Override
            public List<byte[]> lookup(String containerId, String name) {
                return name.equals("web.") ? List.of(new byte[] {10, 1, 2, 3}, SIX)
                        : name.equals("four.") ? List.of(new byte[] {10, 1, 2, 4}) : null;
            }

            @Override
            public List<String> upstream(String containerId) {
                return upstream;
            }
        }, port, BUDGET_MS);
        Channel ch = dns.serve("c1", new InetSocketAddress("127.0.0.1", 0));
        cleanup.add(() -> ch.close().syncUninterruptibly());
        server = (InetSocketAddress) ch.localAddress();
        Channel tcp = dns.serveTcp("c1", new InetSocketAddress("127.0.0.1", 0));
        cleanup.add(() -> tcp.close().syncUninterruptibly());
        tcpServer = (InetSocketAddress) tcp.localAddress();
    }

    /** One query over TCP (2-byte length prefix each way), as a resolver retrying a truncated answer sends it. */
    private byte[] askTcp(int id, String name) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(tcpServer, 3000);
            s.setSoTimeout(3000);
            byte[] q = query(id, name);
            java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            byte[] r = new byte[in.readUnsignedShort()];
            in.readFully(r);
            return r;
        }
    }

    @Test
    void overTcp_knownNamesAreAnswered_andOthersForwardedOverTcp() throws Exception {
        FakeUpstream up = fakeUpstream(true);
        try (java.net.ServerSocket tcpUp = new java.net.ServerSocket(up.port(), 5, InetAddress.getLoopbackAddress())) {
            List<byte[]> tcpReceived = new CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                try (java.net.Socket c = tcpUp.accept()) {
                    java.io.DataInputStream in = new java.io.DataInputStream(c.getInputStream());
                    byte[] q = new byte[in.readUnsignedShort()];
                    in.readFully(q);
                    tcpReceived.add(q);
                    byte[] r = q.clone();
                    r[2] = (byte) 0x81;
                    r[3] = (byte) (0x80 | NXDOMAIN);
                    java.io.DataOutputStream out = new java.io.DataOutputStream(c.getOutputStream());
                    out.writeShort(r.length);
                    out.write(r);
                    out.flush();
                } catch (Exception e) {
                    // the assertions below report it
                }
            }, "fake-upstream-dns-tcp");
            t.setDaemon(true);
            t.start();
            startDns(up.port());
            upstream.add("127.0.0.1");
            byte[] known = askTcp(11, "web");
            assertEquals(11, id(known));
            assertEquals(0, rcode(known));
            assertArrayEquals(new byte[] {10, 1, 2, 3}, Arrays.copyOfRange(known, known.length - 4, known.length));
            byte[] forwarded = askTcp(12, "big.example.invalid");
            assertEquals(12, id(forwarded));
            assertEquals(NXDOMAIN, rcode(forwarded));
            assertEquals(1, tcpReceived.size(), "forwarded over TCP");
            assertArrayEquals(query(12, "big.example.invalid"), tcpReceived.get(0));
            assertTrue(up.received.isEmpty(), "not over UDP");
        }
    }

    private byte[] ask(int id, String name, int timeoutMs) throws Exception {
        return ask(id, name, timeoutMs, 1);
    }

    private byte[] ask(int id, String name, int timeoutMs, int type) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(timeoutMs);
            byte[] q = query(id, name, type);
            s.send(new DatagramPacket(q, q.length, server));
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            s.receive(p);
            return Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    private static byte[] query(int id, String name) {
        return query(id, name, 1);
    }

    private static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(l.length);
            b.writeBytes(l);
        }
        b.writeBytes(new byte[] {0, 0, (byte) type, 0, 1}); // root, type (A: 1, AAAA: 28), class IN
        return b.toByteArray();
    }

    private static int id(byte[] msg) {
        return ByteBuffer.wrap(msg).getShort(0) & 0xffff;
    }

    private static int rcode(byte[] msg) {
        return msg[3] & 0x0f;
    }

    private FakeUpstream fakeUpstream(boolean answers) throws Exception {
        FakeUpstream up = new FakeUpstream(answers);
        cleanup.add(up);
        return up;
    }

    /** A UDP DNS server on 127.0.0.1 that records queries and answers NXDOMAIN (or stays silent). */
    private static final class FakeUpstream implements AutoCloseable {
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        private final DatagramSocket socket;
        private final Thread thread;

        FakeUpstream(boolean answers) throws Exception {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(answers), "fake-upstream-dns");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(boolean answers) {
            byte[] buf = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] q = Arrays.copyOf(p.getData(), p.getLength());
                    received.add(q);
                    if (answers) {
                        byte[] r = q.clone();
                        r[2] = (byte) 0x81; // QR, RD
                        r[3] = (byte) (0x80 | NXDOMAIN); // RA, NXDOMAIN
                        socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                    }
                } catch (SocketTimeoutException e) {
                    // keep serving
                } catch (Exception e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(2000);
        }
    }
}
