package dev.jdock.api.types.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import dev.jdock.api.types.common.IdResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecGoldenTest {
    private static final String EXEC_ID = "7".repeat(64);
    private static final String CTR_ID = "2".repeat(64);

    private static ExecInspect echo(Integer exitCode, int pid) {
        return new ExecInspect(EXEC_ID, false, exitCode,
                ExecProcessConfig.of(false, List.of("sh", "-c", "echo hi"), false, "0"), false, true, true, false,
                CTR_ID, null, pid);
    }

    @Test
    void inspect_createdAndExited_asDockerd() {
        ExecInspect created = Golden.assertRoundTrip("exec-inspect-created.json", ExecInspect.class);
        assertNull(created.exitCode());
        assertEquals(List.of("-c", "echo hi"), created.processConfig().arguments());
        assertEquals(Golden.load("exec-inspect-created.json"), Golden.write(echo(null, 0)));
        assertEquals(0, Golden.assertRoundTrip("exec-inspect-exited.json", ExecInspect.class).exitCode());
        assertEquals(Golden.load("exec-inspect-exited.json"), Golden.write(echo(0, 4242)));
    }

    @Test
    void inspect_noUserNoArguments_userWrittenEmptyAsJdockd() {
        ExecInspect i = Golden.assertRoundTrip("exec-inspect-nouser.json", ExecInspect.class);
        assertEquals(ExecProcessConfig.of(false, List.of("true"), false, null), i.processConfig());
        assertEquals("{\"tty\":false,\"entrypoint\":\"\",\"arguments\":[],\"privileged\":false,\"user\":\"\"}\n",
                Golden.write(ExecProcessConfig.of(false, List.of(), false, null)));
    }

    @Test
    void create_replyIsAnId() {
        assertEquals(Golden.load("exec-create.json"), Golden.write(new IdResponse(EXEC_ID)));
    }

    @Test
    void createAndStartBodies_asClientsSendThem() throws Exception {
        ExecConfig c = Json.requestMapper().readValue("{\"User\":\"0\",\"Privileged\":false,\"Tty\":false,"
                + "\"ConsoleSize\":[24,80],\"AttachStdin\":false,\"AttachStderr\":true,\"AttachStdout\":true,"
                + "\"Detach\":false,\"DetachKeys\":\"\",\"Env\":[\"A=1\"],\"WorkingDir\":\"/tmp\","
                + "\"Cmd\":[\"sh\",\"-c\",\"echo hi\"]}", ExecConfig.class);
        assertEquals(List.of(24, 80), c.consoleSize());
        assertEquals(List.of("sh", "-c", "echo hi"), c.cmd());
        ExecConfig minimal = Json.requestMapper().readValue("{\"cmd\":[\"true\"]}", ExecConfig.class);
        assertEquals("", minimal.user());
        assertEquals(List.of(), minimal.env());
        ExecStartRequest s = Json.requestMapper().readValue("{\"Detach\":true,\"Tty\":true}", ExecStartRequest.class);
        assertTrue(s.detach());
        assertNull(s.consoleSize());
    }
}
