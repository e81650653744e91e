package dev.jdock.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An exec's process is killed only while its pid is a process of the exec's container. */
class ExecKillTest {
    @Test
    void aProcessOutsideTheContainersCgroups_isNeverKilled() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            ExecService.killIfInContainer("a".repeat(64), (int) p.pid()); // a pid reused by a host process
            ExecService.killIfInContainer("a".repeat(64), 1);
            ExecService.killIfInContainer("a".repeat(64), 0);
            assertTrue(!p.waitFor(200, TimeUnit.MILLISECONDS) && p.isAlive(), "the stranger lives");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
