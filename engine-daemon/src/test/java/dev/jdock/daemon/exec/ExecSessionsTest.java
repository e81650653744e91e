package dev.jdock.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ExecSessionsTest {
    private final AtomicLong now = new AtomicLong();
    private final ExecSessions sessions = new ExecSessions(10, 10_000, now::get);
    private final Predicate<String> running = Set.of("up")::contains;
    private int next;

    private ExecSession session(String container, int cmdBytes) {
        ExecConfig cfg = new ExecConfig("", false, false, null, false, true, true, false, "", List.of(), "",
                List.of("x".repeat(cmdBytes)));
        return new ExecSession("e" + next++, container, cfg);
    }

    private ExecSession add(String container, int cmdBytes) {
        ExecSession s = session(container, cmdBytes);
        sessions.add(s, running);
        return s;
    }

    /** moby's exec GC: an exited exec is inspectable for a while, then gone. */
    @Test
    void exitedExec_keptFiveMinutes_thenDropped() {
        ExecSession s = add("up", 10);
        s.exited(0);
        now.set(System.nanoTime() + ExecSessions.KEEP_EXITED.toNanos() - 1_000_000_000L);
        sessions.prune(running);
        assertTrue(sessions.get(s.id()).isPresent());
        now.set(System.nanoTime() + ExecSessions.KEEP_EXITED.toNanos() + 1);
        sessions.prune(running);
        assertTrue(sessions.get(s.id()).isEmpty());
    }

    /** A never-started exec of a container that no longer runs can never start: moby drops it with the container. */
    @Test
    void createdExec_ofAContainerNotRunning_isDropped() {
        ExecSession up = add("up", 10);
        ExecSession gone = add("down", 10);
        sessions.prune(running);
        assertTrue(sessions.get(up.id()).isPresent());
        assertTrue(sessions.get(gone.id()).isEmpty());
    }

    /** Creates beyond the bounds first push out exited execs, then get 503; nothing grows without bound. */
    @Test
    void createsBeyondTheBounds_dropExitedFirst_thenAre503() {
        for (int i = 0; i < 10; i++) {
            add("up", 10).exited(0);
        }
        for (int i = 0; i < 10; i++) {
            add("up", 10);
        }
        assertEquals(10, sessions.size(), "the exited ones made room");
        EngineException e = assertThrows(EngineException.class, () -> add("up", 10));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("too many exec instances"), e.getMessage());
    }

    @Test
    void configurationBytesAreBounded() {
        add("up", 6_000);
        EngineException e = assertThrows(EngineException.class, () -> add("up", 6_000));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals(1, sessions.size());
    }

    @Test
    void removedExec_givesBackItsBytes() {
        ExecSession s = add("up", 6_000);
        sessions.remove(s.id());
        add("up", 6_000);
        assertEquals(1, sessions.size());
    }
}
