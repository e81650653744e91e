package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.cli.command.container.ListCommands;
import dev.jdock.cli.command.container.LogsCommand;
import dev.jdock.cli.command.container.RunOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void combinedShortFlagsValuesAndRepeats() {
        Args a = Args.parse(ListCommands.PS, new String[] {"-aq", "--filter", "name=x", "-fstatus=exited", "-n3"}, 0);
        assertTrue(a.has("all"));
        assertTrue(a.has("quiet"));
        assertFalse(a.has("no-trunc"));
        assertEquals(List.of("name=x", "status=exited"), a.values("filter"));
        assertEquals(3, a.intValue(ListCommands.PS, "last"));
    }

    @Test
    void runStopsAtTheImageSoContainerFlagsPassThrough() {
        Args a = Args.parse(RunOptions.spec("run"),
                new String[] {"--rm", "-it", "-e", "A=1", "--name=t1", "busybox", "ls", "-l", "--rm"}, 0);
        assertTrue(a.has("rm"));
        assertTrue(a.has("tty"));
        assertTrue(a.has("interactive"));
        assertEquals("t1", a.value("name"));
        assertEquals(List.of("busybox", "ls", "-l", "--rm"), a.positionals());
    }

    @Test
    void unknownFlagsAreUsageErrorsWithExit125() {
        CliException e = assertThrows(CliException.class, () -> Args.parse(ListCommands.PS, new String[] {"--bogus"}, 0));
        assertEquals(125, e.exitCode());
        assertEquals("unknown flag: --bogus\nSee 'jdock ps --help'.", e.getMessage());
        CliException s = assertThrows(CliException.class, () -> Args.parse(ListCommands.PS, new String[] {"-z"}, 0));
        assertTrue(s.getMessage().startsWith("unknown shorthand flag: 'z' in -z"));
        CliException v = assertThrows(CliException.class, () -> Args.parse(LogsCommand.SPEC, new String[] {"--tail"}, 0));
        assertTrue(v.getMessage().startsWith("flag needs an argument: --tail"));
    }
}
