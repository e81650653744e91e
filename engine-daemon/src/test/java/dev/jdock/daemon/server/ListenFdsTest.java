package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenFdsTest {
    private static final Map<String, String> SYSTEMD = Map.of("LISTEN_PID", "42", "LISTEN_FDS", "3",
            "LISTEN_FDNAMES", "jdockd.socket:tcp:jdockd.socket");

    private static String refusal(ListenFds fds, String spec) {
        return assertThrows(IllegalArgumentException.class, () -> fds.select(spec)).getMessage();
    }

    @Test
    void descriptorsFrom3_namedByListenFdnames() {
        ListenFds fds = ListenFds.fromEnvironment(SYSTEMD, 42);
        assertEquals(List.of(new ListenFds.Fd(3, "jdockd.socket"), new ListenFds.Fd(4, "tcp"),
                new ListenFds.Fd(5, "jdockd.socket")), fds.fds());
        ListenFds unnamed = ListenFds.fromEnvironment(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2"), 42);
        assertEquals(List.of(new ListenFds.Fd(3, "unknown"), new ListenFds.Fd(4, "unknown")), unnamed.fds());
    }

    @Test
    void variablesForAnotherProcess_passNothing() {
        assertTrue(ListenFds.fromEnvironment(SYSTEMD, 43).fds().isEmpty());
        assertTrue(ListenFds.fromEnvironment(Map.of("LISTEN_FDS", "1"), 42).fds().isEmpty());
        assertTrue(ListenFds.fromEnvironment(Map.of(), 42).fds().isEmpty());
        assertEquals("no sockets found via socket activation: make sure the service was started by systemd",
                refusal(ListenFds.fromEnvironment(Map.of(), 42), ""));
    }

    @Test
    void badCounts_areRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ListenFds.fromEnvironment(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "x"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ListenFds.fromEnvironment(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "-1"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ListenFds.fromEnvironment(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "100000"), 1));
    }

    @Test
    void select_allByNumberOrByName() {
        ListenFds fds = ListenFds.fromEnvironment(SYSTEMD, 42);
        assertEquals(3, fds.select("").size());
        assertEquals(3, fds.select("*").size());
        assertEquals(List.of(new ListenFds.Fd(4, "tcp")), fds.select("4"));
        assertEquals(List.of(3, 5), fds.select("jdockd.socket").stream().map(ListenFds.Fd::fd).toList());
        assertEquals("too few socket activated files passed in by systemd", refusal(fds, "6"));
        assertEquals("too few socket activated files passed in by systemd", refusal(fds, "2"));
        assertTrue(refusal(fds, "other").startsWith("no socket activated file named other"));
    }
}
