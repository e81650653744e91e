package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MobyCreateChecksTest {

    private static void invalid(String message, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void extraHosts_nameAndIpLiteral() {
        assertDoesNotThrow(() -> MobyCreateChecks.extraHosts(List.of("a.example:192.0.2.7", "b=::1", "c:::1",
                "d=[2001:db8::1]", "gw:host-gateway")));
        invalid("bad format for add-host: \"bad\"", () -> MobyCreateChecks.extraHosts(List.of("bad")));
        invalid("bad format for add-host: \":1.2.3.4\"", () -> MobyCreateChecks.extraHosts(List.of(":1.2.3.4")));
        invalid("invalid IP address in add-host: \"localhost\"",
                () -> MobyCreateChecks.extraHosts(List.of("x:localhost")));
        invalid("invalid IP address in add-host: \"\"", () -> MobyCreateChecks.extraHosts(List.of("x:")));
    }

    @Test
    void capabilities_theListIsNamed() {
        invalid("invalid CapAdd: unknown capability: \"CAP_NOPE\"",
                () -> MobyCreateChecks.capabilities(HostConfig.builder().capAdd(List.of("NOPE")).build()));
        invalid("invalid CapDrop: unknown capability: \"CAP_NOPE\"",
                () -> MobyCreateChecks.capabilities(HostConfig.builder().capDrop(List.of("nope")).build()));
        assertDoesNotThrow(() -> MobyCreateChecks.capabilities(
                HostConfig.builder().capAdd(List.of("ALL", "net_admin")).capDrop(List.of("CAP_CHOWN")).build()));
    }

    @Test
    void workingDir_relativeIsRefused_asMobysTranslateWorkingDir() {
        invalid("the working directory 'a/b' is invalid, it needs to be an absolute path",
                () -> MobyCreateChecks.workingDir("a/b"));
        assertDoesNotThrow(() -> MobyCreateChecks.workingDir(""));
        assertDoesNotThrow(() -> MobyCreateChecks.workingDir("/a/b/"));
    }

    @Test
    void stopSignal_aNameOrNumber_asMobysValidateContainerConfig() {
        invalid("Invalid signal: FOO", () -> MobyCreateChecks.stopSignal("FOO"));
        invalid("Invalid signal: 0", () -> MobyCreateChecks.stopSignal("0"));
        assertDoesNotThrow(() -> MobyCreateChecks.stopSignal(null));
        assertDoesNotThrow(() -> MobyCreateChecks.stopSignal(""));
        assertDoesNotThrow(() -> MobyCreateChecks.stopSignal("SIGUSR1"));
        assertDoesNotThrow(() -> MobyCreateChecks.stopSignal("term"));
        assertDoesNotThrow(() -> MobyCreateChecks.stopSignal("9"));
    }

    @Test
    void cleanWorkingDir_asGosFilepathClean() {
        assertEquals("/tmp", MobyCreateChecks.cleanWorkingDir("/tmp/"));
        assertEquals("/a/c", MobyCreateChecks.cleanWorkingDir("//a/./b/../c/"));
        assertEquals("/", MobyCreateChecks.cleanWorkingDir("/"));
        assertEquals("", MobyCreateChecks.cleanWorkingDir(""));
    }
}
