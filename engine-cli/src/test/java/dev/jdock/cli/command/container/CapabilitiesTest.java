package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** --cap-add/--cap-drop as docker 28.2.2 sent them (recorded on the wire): normalized, once each, sorted. */
class CapabilitiesTest {
    @Test
    void asDocker() {
        assertEquals(List.of("CAP_CHOWN", "CAP_NET_ADMIN", "CAP_SYS_TIME"),
                RunOptions.capabilities(List.of("NET_ADMIN", "cap_sys_time", "chown", "CAP_CHOWN")));
        assertEquals(List.of("ALL", "CAP_NET_ADMIN"), RunOptions.capabilities(List.of("ALL", "net_admin")));
        assertEquals(List.of("ALL", "CAP_CHOWN", "CAP_KILL"), RunOptions.capabilities(List.of("CAP_CHOWN", "all",
                "kill")));
        assertEquals(List.of("CAP_KILL"), RunOptions.capabilities(List.of("kill", "Kill")));
        assertEquals(List.of("CAP_RESET"), RunOptions.capabilities(List.of("RESET")));
        // not trimmed: docker sent [CAP_ SYS_TIME , CAP_NET_ADMIN] and [CAP_ ALL] for these
        assertEquals(List.of("CAP_ SYS_TIME ", "CAP_NET_ADMIN"), RunOptions.capabilities(List.of(" sys_time ",
                "Net_Admin")));
        assertEquals(List.of("CAP_ ALL"), RunOptions.capabilities(List.of(" all")));
    }
}
