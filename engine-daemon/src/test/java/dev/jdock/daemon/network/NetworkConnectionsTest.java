package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import dev.jdock.daemon.network.netlink.Netlink;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore after a daemon restart, on one in-memory kernel shared by the daemon before and after: a running
 * container gets its published port and DNS back, a dead one loses its addresses, and veths left on jdock's bridges
 * by no running endpoint are deleted (never one on a user's bridge). Host port 47040.
 */
class NetworkConnectionsTest {
    private static final String HOST = FakeNetlink.HOST;
    private static final String LIVE = "1".repeat(64);
    private static final String DEAD = "2".repeat(64);

    @TempDir
    Path root;

    private static boolean bound(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (BindException e) {
            return true;
        }
    }

    /** A veth whose container end is in a netns of its own, plugged into {@code bridge}: left by a crash. */
    private static void strayVeth(FakeNetlink kernel, String name, String bridge) {
        String ns = "/proc/" + name.hashCode() + "/ns/net";
        kernel.addNetns(ns);
        try (Netlink.Session s = kernel.open()) {
            s.createVeth(name, s.linkIndex(bridge), "eth0", ns, 1500, null);
        }
    }

    @Test
    void restore_republishesLiveContainers_forgetsDeadOnes_andDeletesStrayVeths() throws IOException {
        FakeNetlink kernel = new FakeNetlink();
        kernel.addHostLink("jdt-user", "bridge");
        String liveVeth;
        try (NetworkTestbed before = new NetworkTestbed(root, kernel)) {
            before.service.boot();
            before.service.create(before.bridgeRequest("front", "10.213.60.0/24"));
            before.service.create(new NetworkCreateRequest("users", "bridge", false, false, null, null,
                    Map.of("com.docker.network.bridge.name", "jdt-user"), null));
            Container live = before.create(LIVE, "front",
                    Map.of("80/tcp", List.of(new PortBinding("127.0.0.1", "47040"))));
            before.hold(live, (int) ProcessHandle.current().pid()); // a process that is alive
            before.attachments.attach(live, "/proc/" + ((int) ProcessHandle.current().pid()) + "/ns/net");
            Container dead = before.create(DEAD, "", Map.of());
            before.hold(dead, Integer.MAX_VALUE - 1); // no such process after the restart
            before.attachments.attach(dead, "/proc/" + (Integer.MAX_VALUE - 1) + "/ns/net");
            liveVeth = before.service.store.container(LIVE).orElseThrow().endpoints().get("front").hostVeth();
            strayVeth(kernel, "vethstray", before.names.defaultBridge());
            strayVeth(kernel, "vethuser", "jdt-user");
            before.ports.unpublish(LIVE); // the daemon dies: the kernel closes its sockets at once
            assertFalse(bound(47040));
        }

        try (NetworkTestbed after = new NetworkTestbed(root, kernel)) {
            after.containers.load();
            after.service.boot();
            after.connections.restore();

            assertTrue(bound(47040), "the live container's port is published again");
            assertEquals(List.of(LIVE + " /proc/" + ProcessHandle.current().pid() + "/ns/net"), after.dns.started);
            assertTrue(after.commands.lastBatch().contains("--dport 47040"));
            assertTrue(after.service.store.container(DEAD).orElseThrow().endpoints().values().stream()
                    .noneMatch(Endpoint::isActive));
            assertFalse(kernel.link(HOST, "vethstray").isPresent());
            assertTrue(kernel.link(HOST, liveVeth).isPresent());
            assertTrue(kernel.link(HOST, "vethuser").isPresent(), "a veth on a user's bridge may be anyone's");
        }
    }
}
