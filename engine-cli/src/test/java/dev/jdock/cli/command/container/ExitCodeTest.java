package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void startErrorsMapLikeTheDockerCli() {
        assertEquals(127, RunCommand.startExitCode("failed to create task: exec: \"nope\": executable file not found in $PATH"));
        assertEquals(127, RunCommand.startExitCode("exec /bin/nope: no such file or directory"));
        assertEquals(126, RunCommand.startExitCode("exec /etc/passwd: permission denied"));
        assertEquals(126, RunCommand.startExitCode("exec /tmp: is a directory"));
        assertEquals(125, RunCommand.startExitCode("cgroup: something else"));
    }
}
