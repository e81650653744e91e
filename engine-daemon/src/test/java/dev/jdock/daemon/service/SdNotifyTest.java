package dev.jdock.daemon.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainDatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
    @TempDir
    Path tmp;

    private final List<String> sent = new ArrayList<>();
    private final List<byte[]> addresses = new ArrayList<>();
    private final SdNotify.Transport recording = (address, message) -> {
        addresses.add(address);
        sent.add(new String(message, StandardCharsets.UTF_8));
    };

    @Test
    void withoutNotifySocket_nothingIsSent() {
        SdNotify n = SdNotify.fromEnvironment(Map.of(), recording);
        assertSame(SdNotify.NONE, n);
        assertFalse(n.enabled());
        n.ready("up");
        n.stopping("down");
        assertTrue(sent.isEmpty());
        assertSame(SdNotify.NONE, SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", ""), recording));
    }

    @Test
    void messages_areSystemdAssignments_oneDatagramEach_inOrder() {
        SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), recording);
        n.status("Loading containers");
        n.ready("Serving\nthe API");
        n.reloading(123456789L);
        n.ready(null);
        n.stopping("Stopping");
        assertEquals(List.of("STATUS=Loading containers\n", "READY=1\nSTATUS=Serving the API\n",
                "RELOADING=1\nMONOTONIC_USEC=123456789\n", "READY=1\n", "STOPPING=1\nSTATUS=Stopping\n"), sent);
        assertArrayEquals("/run/systemd/notify".getBytes(StandardCharsets.UTF_8), addresses.get(0));
    }

    @Test
    void abstractName_atSign_isTheLeadingNul() {
        assertArrayEquals("\0jdock/notify".getBytes(StandardCharsets.UTF_8), SdNotify.address("@jdock/notify"));
        assertThrows(IllegalArgumentException.class, () -> SdNotify.address("relative/notify"));
        assertThrows(IllegalArgumentException.class, () -> SdNotify.address("/" + "x".repeat(120)));
        assertSame(SdNotify.NONE, SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative"), recording));
    }

    @Test
    void aFailedSend_isLogged_notThrown() {
        SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/nonexistent/notify"), (a, m) -> {
            throw new IOException("connection refused");
        });
        n.ready("up"); // no exception
        SdNotify real = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", tmp.resolve("nobody").toString()),
                new NettyDatagrams());
        real.ready("up"); // ENOENT, logged
    }

    @Test
    void nettyDatagrams_reachAPathSocket_andAnAbstractOne() throws Exception {
        Epoll.ensureAvailability();
        String path = tmp.resolve("notify.sock").toString();
        assertEquals("READY=1\nSTATUS=up\n", roundTrip(path, path));
        String name = "jdock-test-" + UUID.randomUUID();
        assertEquals("READY=1\nSTATUS=up\n", roundTrip("\0" + name, "@" + name));
    }

    /** Binds a datagram socket at {@code bindAddress}, notifies {@code notifySocket}, returns what arrived. */
    private static String roundTrip(String bindAddress, String notifySocket) throws IOException {
        Socket listener = Socket.newSocketDomainDgram();
        try {
            listener.bind(new DomainSocketAddress(bindAddress));
            SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", notifySocket), new NettyDatagrams()).ready("up");
            ByteBuffer buf = ByteBuffer.allocateDirect(512);
            long deadline = System.nanoTime() + 5_000_000_000L;
            DomainDatagramSocketAddress from = null;
            while (from == null && System.nanoTime() < deadline) {
                from = listener.recvFromDomainSocket(buf, 0, buf.capacity());
                Thread.onSpinWait();
            }
            assertTrue(from != null, "nothing received on " + notifySocket);
            byte[] got = new byte[from.receivedAmount()];
            buf.get(0, got);
            return new String(got, StandardCharsets.UTF_8);
        } finally {
            listener.close();
        }
    }
}
