package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.cli.core.Args;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code -e} as docker 28.2.2 sent it (recorded on the wire, B=fromenv in the client's environment, NOPE unset). */
class EnvFlagsTest {
    private static final Map<String, String> ENVIRON = Map.of("B", "fromenv");

    private static List<String> createEnv(String... flags) {
        String[] argv = new String[flags.length + 1];
        System.arraycopy(flags, 0, argv, 0, flags.length);
        argv[flags.length] = "busybox";
        return RunOptions.env(RunOptions.spec("create"), Args.parse(RunOptions.spec("create"), argv, 0), ENVIRON);
    }

    /** docker: a bare name the client has no value for is sent bare (the daemon unsets it), not dropped. */
    @Test
    void create_keepsABareUnsetName() {
        assertEquals(List.of("X"), createEnv("-e", "X=1", "-e", "X"));
        assertEquals(List.of("B=fromenv", "NOPE", "X=1"), createEnv("-e", "B", "-e", "NOPE", "-e", "X=1"));
    }

    /** docker: one entry per name, the last -e wins ({@code -e B -e B=2}: B=2; {@code -e B=2 -e B}: B=fromenv). */
    @Test
    void create_lastEntryOfANameWins() {
        assertEquals(List.of("B=2"), createEnv("-e", "B", "-e", "B=2"));
        assertEquals(List.of("B=fromenv"), createEnv("-e", "B=2", "-e", "B"));
        assertEquals(List.of("X=1"), createEnv("-e", "X", "-e", "X=1"));
        assertEquals(List.of("B=2", "NOPE", "X=3", "Y"),
                createEnv("-e", "B", "-e", "NOPE", "-e", "X=1", "-e", "Y", "-e", "B=2", "-e", "X=3"));
    }

    /** docker's exec sends every -e in order, a bare unset name bare. */
    @Test
    void exec_keepsEveryEntry() {
        Args a = Args.parse(ExecCommand.SPEC, new String[] {"-e", "A=1", "-e", "B", "-e", "NOPE", "-e", "A=2", "c",
                "true"}, 0);
        assertEquals(List.of("A=1", "B=fromenv", "NOPE", "A=2"), RunOptions.execEnv(ExecCommand.SPEC, a, ENVIRON));
    }

    /** docker's ValidateEnv refuses an empty name as a flag error (recorded: -e =x, exit 125, nothing sent). */
    @Test
    void emptyName_isAFlagError() {
        org.junit.jupiter.api.Assertions.assertEquals("invalid argument \"=x\" for \"-e, --env\" flag: invalid "
                + "environment variable: =x", org.junit.jupiter.api.Assertions.assertThrows(
                        dev.jdock.cli.core.CliException.class, () -> createEnv("-e", "=x")).getMessage()
                        .split("\n")[0]);
    }
}
