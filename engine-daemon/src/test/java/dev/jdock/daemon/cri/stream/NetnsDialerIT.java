package dev.jdock.daemon.cri.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdock.daemon.cri.cni.ChildProcessExec;
import dev.jdock.daemon.cri.cni.PodNetns;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link NetnsDialer} with a real network namespace (made as pods' are, by {@link PodNetns}) and a server inside
 * it on a loopback port that nothing serves on the host: the dial reaches it, the host's port is reached again
 * after, and the dial thread is back in the daemon's namespace between dials. Needs root.
 */
@Tag("root")
class NetnsDialerIT {
    private static final String ID = "5eed0123456789ab5eed0123456789ab5eed0123456789ab5eed0123456789ab";

    private Path root;
    private PodNetns netns;
    private Process server;
    private NetnsDialer dialer;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(new LinuxSyscalls().getuid() == 0, "needs root");
        root = Files.createTempDirectory(Path.of("/run"), "jdnetns-it-");
        netns = new PodNetns(root.resolve("netns"), Path.of("/usr/bin/unshare"), new ChildProcessExec(),
                new LinuxSyscalls());
        dialer = new NetnsDialer(new LinuxSyscalls());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        if (dialer != null) {
            dialer.close();
        }
        if (netns != null) {
            try {
                netns.remove(ID);
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        if (root != null) {
            try (Stream<Path> w = Files.walk(root)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void dialsTheLoopbackOfThePodsNamespaceAndComesBack() throws Exception {
        Path ns = netns.create(ID);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free on the host: only the pod serves it below
        }
        assertEquals(0, new ProcessBuilder("nsenter", "--net=" + ns, "ip", "link", "set", "lo", "up")
                .inheritIO().start().waitFor());
        server = new ProcessBuilder("nsenter", "--net=" + ns, "busybox", "nc", "-l", "-p", Integer.toString(port),
                "-e", "echo", "inside").start();
        String answer = null;
        for (int i = 0; i < 50 && answer == null; i++) {
            try (SocketChannel c = dialer.dial(ns, port)) {
                answer = readAll(c);
            } catch (IOException e) {
                Thread.sleep(100); // nc not listening yet
            }
        }
        assertEquals("inside\n", answer);
        assertEquals(hostNetns(), dialThreadNetns(), "the dial thread is back in the daemon's namespace");
        assertThrows(IOException.class, () -> SocketChannel.open(
                new java.net.InetSocketAddress("127.0.0.1", port)).close(), "the port is the pod's, not the host's");
        try (ServerSocket host = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = host.accept()) {
                    s.getOutputStream().write("host\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the test fails on its read
                }
            });
            t.start();
            try (SocketChannel c = dialer.dial(Path.of("/proc/self/ns/net"), host.getLocalPort())) {
                assertEquals("host\n", readAll(c));
            }
        }
    }

    private static String readAll(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        while (c.read(b) >= 0 && b.hasRemaining()) {
            // until the server closes
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static String hostNetns() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    }

    /** The netns of the JVM thread named cri-netns-dial. */
    private static String dialThreadNetns() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                if (Files.readString(t.resolve("comm")).trim().equals("cri-netns-dial")) {
                    return Files.readSymbolicLink(t.resolve("ns/net")).toString();
                }
            }
        }
        throw new AssertionError("no cri-netns-dial thread");
    }
}
