package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When RuntimeHandlerFeatures.user_namespaces is advertised: the idmapped-mount probe, run once, lazily. */
class UsernsSupportTest {
    @Test
    void probedAtTheFirstAnswer_once_overTheRoots() {
        List<List<Path>> runs = new ArrayList<>();
        UsernsSupport s = new UsernsSupport(roots -> {
            runs.add(roots);
            return null;
        }, Path.of("/var/lib/jdock"), Path.of("/run/jdock"));
        assertTrue(runs.isEmpty(), "not at construction");

        assertTrue(s.answer().supported());
        assertTrue(s.answer().supported());
        s.require();
        assertEquals(List.of(List.of(Path.of("/var/lib/jdock"), Path.of("/run/jdock"))), runs);
    }

    @Test
    void aNo_keepsItsReason_whichRequireAnswers() {
        UsernsSupport s = new UsernsSupport(roots -> "idmapped mount of `/var/lib/jdock`: Invalid argument");
        assertFalse(s.answer().supported());
        EngineException e = assertThrows(EngineException.class, s::require);
        assertEquals("user namespaces are not supported on this node: idmapped mount of `/var/lib/jdock`: "
                + "Invalid argument", e.getMessage());
    }

    @Test
    void aProbeThatThrows_isANo() {
        UsernsSupport s = new UsernsSupport(roots -> {
            throw new IllegalStateException("boom");
        });
        assertEquals("the probe failed: boom", s.answer().reason());
    }

    @Test
    void theMonitorsAnswer() {
        assertNull(UsernsSupport.parse("OK\n"));
        assertEquals("idmapped mount of `/x` (its file system must support idmapped mounts): Invalid argument",
                UsernsSupport.parse("ERR 22 idmapped mount of `/x` (its file system must support idmapped mounts): "
                        + "Invalid argument\n"));
        assertEquals("unexpected answer of the probe: usage: ...", UsernsSupport.parse("usage: ...\n"));
        assertEquals("unexpected answer of the probe: (nothing)", UsernsSupport.parse(""));
    }

    @Test
    void aMissingMonitor_isANoThatSaysSo() {
        String why = UsernsSupport.monitorProbe(Path.of("/nonexistent/jdock-monitor")).run(List.of(Path.of("/")));
        assertTrue(why.startsWith("cannot run /nonexistent/jdock-monitor"), why);
    }
}
