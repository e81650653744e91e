package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.cli.core.Args;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AttachStdin, AttachStdout, AttachStderr, OpenStdin, StdinOnce, Tty as docker 28.2.2 sent them (recorded on the
 * wire): -i attaches stdin whatever -a says.
 */
class AttachFlagsTest {
    private static List<Integer> body(String cmd, String... flags) throws Exception {
        String[] argv = new String[flags.length + 2];
        System.arraycopy(flags, 0, argv, 0, flags.length);
        argv[flags.length] = "busybox";
        argv[flags.length + 1] = "true";
        ContainerCreateRequest r = RunOptions.build(Args.parse(RunOptions.spec(cmd), argv, 0), cmd.equals("run"),
                null, Map.of());
        return List.of(bit(r.attachStdin()), bit(r.attachStdout()), bit(r.attachStderr()), bit(r.openStdin()),
                bit(r.stdinOnce()), bit(r.tty()));
    }

    private static int bit(Boolean b) {
        return Boolean.TRUE.equals(b) ? 1 : 0;
    }

    @Test
    void asDocker() throws Exception {
        assertEquals(List.of(1, 0, 1, 1, 1, 0), body("create", "-i", "-a", "stderr"));
        assertEquals(List.of(1, 1, 0, 1, 1, 1), body("create", "-it", "-a", "stdout"));
        assertEquals(List.of(1, 0, 0, 0, 0, 0), body("create", "-a", "stdin"));
        assertEquals(List.of(1, 1, 1, 1, 1, 0), body("create", "-i"));
        assertEquals(List.of(0, 1, 1, 0, 0, 0), body("create"));
        assertEquals(List.of(0, 0, 0, 1, 0, 0), body("run", "-d", "-i"));
        assertEquals(List.of(0, 0, 0, 1, 0, 1), body("run", "-d", "-it"));
        assertEquals(List.of(1, 1, 1, 1, 1, 0), body("create", "-a", "stdout", "-a", "stderr", "-i"));
    }

    /** docker's ValidateAttach: the stream's name in any case (-a STDOUT is stdout), anything else a flag error. */
    @Test
    void streamNames_anyCase_elseRefused() throws Exception {
        assertEquals(body("create", "-a", "stdout", "-a", "stdin"), body("create", "-a", "STDOUT", "-a", "Stdin"));
        dev.jdock.cli.core.CliException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.jdock.cli.core.CliException.class, () -> body("create", "-a", "foo"));
        assertEquals(125, e.exitCode());
        assertEquals("invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR",
                e.getMessage().split("\n")[0]);
    }
}
