package dev.jdock.runtime.cgroup.systemd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.CgroupException;
import dev.jdock.runtime.process.NativeBinaries;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scope's placeholder: the real {@code jdock-init --pause}, held and released. */
class ScopeHolderTest {
    @Test
    void pause_holdsUntilReleased_andIsReaped() {
        ScopeHolder.Held held = ScopeHolder.pause(NativeBinaries.locate().init()).hold();
        ProcessHandle p = ProcessHandle.of(held.pid()).orElseThrow();
        assertTrue(p.isAlive(), "the placeholder runs until released");
        held.release();
        assertFalse(p.isAlive(), "ended and reaped by release");
        held.release(); // idempotent
    }

    @Test
    void aMissingBinary_isACgroupException() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> ScopeHolder.pause(Path.of("/nonexistent/jdock-init")).hold());
        assertTrue(e.getMessage().contains("placeholder"), e.getMessage());
    }
}
