package dev.jdock.daemon.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.system.SystemVersion;
import dev.jdock.daemon.server.ServerHeaders;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemRouterTest {
    @Test
    void version_reportsADockerEngineVersionAndKeepsJdocksOwn() {
        SystemVersion v = new SystemRouter(null, Path.of("/nonexistent"), "id").version();
        assertEquals(SystemRouter.DOCKER_COMPAT_VERSION, v.version());
        // Testcontainers refuses an engine below 1.6.0; docker-compose and others compare with Docker releases
        assertTrue(Integer.parseInt(v.version().split("\\.")[0]) >= 20, v.version());
        assertEquals("Engine", v.components().get(0).name());
        assertEquals(SystemRouter.DOCKER_COMPAT_VERSION, v.components().get(0).version());
        assertTrue(v.components().stream().anyMatch(c -> c.name().equals("jdock")
                && c.version().equals(ServerHeaders.SERVER_VERSION)), "jdock component");
        // moby's types.Version has Experimental `json:",omitempty"`: a daemon not experimental leaves it out (the
        // Engine component's Details say "false"); dockerd 20.10 beside jdockd, which wrote "Experimental": false
        assertNull(v.experimental());
        assertEquals("false", v.components().get(0).details().get("Experimental"));
    }

    @Test
    void securityOptions_nameAppArmorFirst_whereTheHostHasIt_asMobysFillSecurityOptions() {
        assertEquals(java.util.List.of("name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"),
                SystemRouter.securityOptions(true));
        assertEquals(java.util.List.of("name=seccomp,profile=builtin", "name=cgroupns"),
                SystemRouter.securityOptions(false));
    }
}
