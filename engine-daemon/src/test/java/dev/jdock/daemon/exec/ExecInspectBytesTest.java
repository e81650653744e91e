package dev.jdock.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.types.exec.ExecConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /exec/{id}/json}'s bytes, pinned: the typed record must write exactly what the map wrote. */
class ExecInspectBytesTest {
    private static final String CID = "f40a9c6789111a99b0eeb284c7dfdf95819a5b89cdcdeaaa8752767cd7b69760";

    @Test
    void inspect_createdThenExited_bytesAsBefore() throws Exception {
        ExecConfig cfg = new ExecConfig("0", false, false, null, false, true, true, false, null, List.of("A=1"),
                "/tmp", List.of("sh", "-c", "echo hi"));
        ExecSession s = new ExecSession("e1", CID, cfg);
        assertEquals("{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":null,\"ProcessConfig\":{\"tty\":false,"
                + "\"entrypoint\":\"sh\",\"arguments\":[\"-c\",\"echo hi\"],\"privileged\":false,\"user\":\"0\"},"
                + "\"OpenStdin\":false,\"OpenStderr\":true,\"OpenStdout\":true,\"CanRemove\":false,"
                + "\"ContainerID\":\"" + CID + "\",\"DetachKeys\":\"\",\"Pid\":0}",
                Json.mapper().writeValueAsString(s.inspect()));
        s.claimStart();
        s.running(4242);
        assertEquals(true, Json.mapper().writeValueAsString(s.inspect()).contains("\"Running\":true,"
                + "\"ExitCode\":null,"));
        s.exited(3);
        String exited = Json.mapper().writeValueAsString(s.inspect());
        assertEquals(true, exited.contains("\"Running\":false,\"ExitCode\":3,"), exited);
        assertEquals(true, exited.endsWith("\"DetachKeys\":\"\",\"Pid\":4242}"), exited);
    }

    @Test
    void inspect_noCommandNoUser_emptyEntrypointAndUser() throws Exception {
        ExecConfig cfg = new ExecConfig(null, true, true, null, true, false, false, false, "ctrl-p", null, null,
                null);
        String out = Json.mapper().writeValueAsString(new ExecSession("e2", CID, cfg).inspect());
        assertEquals(true, out.contains("\"ProcessConfig\":{\"tty\":true,\"entrypoint\":\"\",\"arguments\":[],"
                + "\"privileged\":true,\"user\":\"\"},\"OpenStdin\":true,"), out);
        assertEquals(true, out.contains("\"DetachKeys\":\"ctrl-p\""), out);
    }
}
