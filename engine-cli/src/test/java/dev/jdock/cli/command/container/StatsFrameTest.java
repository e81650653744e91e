package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@code stats} redraw against one frame the docker CLI 28.2.2 wrote ({@code docker-cli/stats.frame},
 * two containers, captured from {@code docker stats} on a terminal): the same table framed the same way.
 */
class StatsFrameTest {

    @Test
    void frame_isDockersFrameAroundTheSameTable() throws Exception {
        String docker;
        try (InputStream in = StatsFrameTest.class.getResourceAsStream("/docker-cli/stats.frame")) {
            docker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(docker.startsWith("\033[H"), docker);
        String table = docker.substring(3, docker.indexOf("\033[H", 3));
        assertTrue(table.startsWith("CONTAINER ID   NAME") && table.endsWith("\n"), table);
        assertEquals(docker, StatsCommand.frame(table));
    }

    @Test
    void frame_ofAnEmptyTable_stillClearsBelow() {
        assertEquals("\033[HH\n\033[HH \033[K\n \033[K\n\033[J", StatsCommand.frame("H\n"));
    }
}
