package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** moby's refusals of a network connect (runconfig's validation errors: 400 with their words). */
class ConnectChecksTest {
    @TempDir
    Path root;

    private static void refused(String message, String mode, boolean running, Set<String> eps, NetworkRecord n) {
        EngineException e = assertThrows(EngineException.class,
                () -> NetworkConnections.checkConnect(mode, running, eps, n));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void hostNoneAndSharedNamespaces_asMobysUpdateNetworkSettings() throws Exception {
        try (NetworkTestbed t = new NetworkTestbed(root, new FakeNetlink())) {
            t.service.boot();
            NetworkRecord host = t.service.get("host");
            NetworkRecord none = t.service.get("none");
            NetworkRecord user = t.service.create(new NetworkCreateRequest("cc-user", null, false, false, null, null,
                    null, null, null, null, null, null, null));
            refused(NetworkConnections.HOST, "bridge", true, Set.of("bridge"), host);
            refused(NetworkConnections.NONE, "bridge", true, Set.of("bridge"), none);
            refused(NetworkConnections.NONE, "none", false, Set.of(), user);
            refused(NetworkConnections.SHARED, "host", true, Set.of(), user);
            refused(NetworkConnections.SHARED, "container:abc", true, Set.of(), user);
            assertDoesNotThrow(() -> NetworkConnections.checkConnect("bridge", true, Set.of("bridge"), user));
        }
    }
}
