package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityOptionsTest {
    @Test
    void seccomp_builtinIsTheDefault_unconfinedIsNone_elseAProfile_apparmorTheLastNamed() {
        assertEquals(new SecurityOptions(false, false, Optional.empty()),
                SecurityOptions.parse(List.of("seccomp=builtin")));
        assertEquals(new SecurityOptions(false, false, Optional.empty()),
                SecurityOptions.parse(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "seccomp:builtin")));
        assertEquals(new SecurityOptions(true, true, Optional.empty()),
                SecurityOptions.parse(List.of("seccomp:unconfined", "no-new-privileges")));
        assertEquals(new SecurityOptions(false, false, Optional.of("{}"), "x"),
                SecurityOptions.parse(List.of("seccomp={}", "label:disable", "apparmor=x")));
        assertEquals("", SecurityOptions.parse(List.of("no-new-privileges")).apparmorProfile());
        assertEquals("b", SecurityOptions.parse(List.of("apparmor=a", "apparmor:b")).apparmorProfile());
        assertEquals("invalid --security-opt 2: \"seccomp=\"",
                assertThrows(EngineException.class, () -> SecurityOptions.parse(List.of("seccomp="))).getMessage());
    }
}
