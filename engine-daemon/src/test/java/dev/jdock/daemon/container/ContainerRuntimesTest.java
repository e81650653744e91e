package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerRuntimesTest {
    @Test
    void withRuntime_none_isTheDefault_knownNamesKept() {
        assertEquals("runc", ContainerRuntimes.withRuntime(HostConfig.builder().build()).runtime());
        assertEquals("runc", ContainerRuntimes.withRuntime(HostConfig.builder().runtime("").build()).runtime());
        assertEquals("io.containerd.runc.v2",
                ContainerRuntimes.withRuntime(HostConfig.builder().runtime("io.containerd.runc.v2").build()).runtime());
        assertEquals("jdock", ContainerRuntimes.withRuntime(HostConfig.builder().runtime("jdock").build()).runtime());
    }

    @Test
    void withRuntime_unknown_isMobys400() {
        EngineException e = assertThrows(EngineException.class,
                () -> ContainerRuntimes.withRuntime(HostConfig.builder().runtime("nvidia").build()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("unknown or invalid runtime name: nvidia", e.getMessage());
    }

    @Test
    void linkedEnv_ownEnvOverridesAndUnsetsLinkVariables() {
        assertEquals(List.of("DB_NAME=/a/db", "DB_PORT=mine", "X=1", "DB_ENV_A"),
                LinkedEnv.merge(List.of("DB_NAME=/a/db", "DB_PORT=tcp://1.2.3.4:80", "DB_ENV_A=1"),
                        List.of("DB_PORT=mine", "X=1", "DB_ENV_A")));
    }
}
