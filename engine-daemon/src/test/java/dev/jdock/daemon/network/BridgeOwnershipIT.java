package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.network.netlink.LinuxHostNetFs;
import dev.jdock.daemon.network.netlink.LinuxNetlink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A network's bridge name may name only a bridge: a link of another kind is refused and left as it was, a bridge
 * that existed before keeps its addresses and survives the network; only a bridge jdock made is deleted. Real links
 * (a veth pair, bridges) in the host netns, with names of this test only. Needs root.
 */
@Tag("root")
class BridgeOwnershipIT {
    private static final String VETH = "jdmit-v0";
    private static final String PEER = "jdmit-v1";
    private static final String USER_BR = "jdmit-ubr";
    private static final String OWN_BR = "jdmit-obr";
    private final BridgeOps ops = new BridgeOps(new LinuxNetlink(), LinuxHostNetFs.host());

    @AfterEach
    void cleanup() throws Exception {
        for (String l : List.of(VETH, USER_BR, OWN_BR)) {
            sh("ip", "link", "del", l);
        }
    }

    private static NetworkRecord network(String bridge, String subnet, String gateway, String creator) {
        return new NetworkRecord("0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef", "n", "bridge",
                "2024-01-01T00:00:00Z", bridge, subnet, gateway, "", Map.of(), false, false, Map.of(), Map.of(),
                1500, true, true, creator);
    }

    @Test
    void ensureBridge_onANonBridgeLink_refusesAndLeavesItUntouched() throws Exception {
        assertEquals(0, sh("ip", "link", "add", VETH, "type", "veth", "peer", "name", PEER));
        assertEquals(0, sh("ip", "addr", "add", "10.213.77.1/24", "dev", VETH));
        EngineException e = assertThrows(EngineException.class, () -> ops.ensureBridge(
                network(VETH, "10.213.70.0/24", "10.213.70.1", NetworkRecord.BY_USER)));
        assertEquals("existing interface " + VETH + " is not a bridge", e.getMessage());
        String addrs = out("ip", "-4", "-o", "addr", "show", "dev", VETH);
        assertTrue(addrs.contains("10.213.77.1/24"), addrs);
        assertFalse(addrs.contains("10.213.70.1"), addrs);
        ops.releaseBridge(network(VETH, "10.213.70.0/24", "10.213.70.1", NetworkRecord.BY_USER));
        ops.releaseBridge(network(VETH, "10.213.70.0/24", "10.213.70.1", null));
        assertEquals(0, sh("ip", "link", "show", VETH), "the veth is never deleted");
    }

    @Test
    void ensureBridge_onAnExistingBridge_keepsItsAddressesAndItOutlivesTheNetwork() throws Exception {
        assertEquals(0, sh("ip", "link", "add", USER_BR, "type", "bridge"));
        assertEquals(0, sh("ip", "addr", "add", "10.213.78.1/24", "dev", USER_BR));
        NetworkRecord n = network(USER_BR, "10.213.79.0/24", "10.213.79.1", NetworkRecord.BY_USER);
        assertEquals(NetworkRecord.BY_USER, ops.ensureBridge(n));
        String addrs = out("ip", "-4", "-o", "addr", "show", "dev", USER_BR);
        assertTrue(addrs.contains("10.213.78.1/24") && addrs.contains("10.213.79.1/24"), addrs);
        NetworkRecord recorded = n.withBridgeCreator(NetworkRecord.BY_USER);
        assertEquals(NetworkRecord.BY_USER, ops.ensureBridge(recorded), "a restart keeps it the user's");
        assertTrue(out("ip", "-4", "-o", "addr", "show", "dev", USER_BR).contains("10.213.78.1/24"));
        ops.releaseBridge(recorded);
        ops.releaseBridge(network(USER_BR, "10.213.79.0/24", "10.213.79.1", null));
        assertEquals(0, sh("ip", "link", "show", USER_BR), "a bridge jdock did not make stays");
        assertTrue(out("ip", "-4", "-o", "addr", "show", "dev", USER_BR).contains("10.213.78.1/24"));
    }

    @Test
    void ensureBridge_missing_isCreatedAndDeletedWithTheNetwork() throws Exception {
        NetworkRecord n = network(OWN_BR, "10.213.80.0/24", "10.213.80.1", NetworkRecord.BY_USER);
        assertEquals(NetworkRecord.BY_JDOCK, ops.ensureBridge(n));
        assertTrue(out("ip", "-4", "-o", "addr", "show", "dev", OWN_BR).contains("10.213.80.1/24"));
        ops.releaseBridge(n.withBridgeCreator(NetworkRecord.BY_JDOCK));
        assertTrue(sh("ip", "link", "show", OWN_BR) != 0, "jdock's own bridge is removed");
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
