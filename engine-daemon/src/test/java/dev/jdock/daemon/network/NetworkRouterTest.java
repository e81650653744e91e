package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkRouterTest {
    @TempDir
    Path root;

    @Test
    void inspect_withAScopeOtherThanLocal_isNotFound_asMobysLookupInThatScope() throws Exception {
        try (NetworkTestbed t = new NetworkTestbed(root, new FakeNetlink())) {
            t.service.boot();
            try (RouterHarness api = RouterHarness.serve(root.resolve("api"),
                    new NetworkRouter(t.service, t.connections))) {
                assertEquals(200, api.get("/networks/bridge?scope=local").status());
                RouterHarness.Response r = api.get("/networks/bridge?scope=swarm");
                assertEquals(404, r.status());
                assertEquals("network bridge not found", r.message());
            }
        }
    }
}
