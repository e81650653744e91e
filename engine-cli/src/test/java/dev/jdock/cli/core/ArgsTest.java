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

    @Test
    void options_sortedByLongName_withTheirHelp_andBareEntriesStillWork() {
        Args.Spec spec = new Args.Spec("x").option("n", "name", "string", "The name", "\"a\"").flag("z", "zap")
                .flag(null, "all", "Everything").option(null, "bare");
        List<String[]> o = spec.options();
        assertEquals(List.of("all", "bare", "name", "zap"), o.stream().map(r -> r[1]).toList());
        assertEquals(List.of("", "Everything"), List.of(o.get(0)[2], o.get(0)[3]));
        assertEquals(List.of("string", ""), List.of(o.get(1)[2], o.get(1)[3]), "an option without help is a string");
        assertEquals(List.of("n", "string", "The name", "\"a\""), List.of(o.get(2)[0], o.get(2)[2], o.get(2)[3],
                o.get(2)[4]));
        assertTrue(spec.takesValue("-n") && spec.takesValue("--bare") && !spec.takesValue("-z"));
        assertEquals("zap", spec.longName("-z"));
        Args a = Args.parse(spec, new String[] {"-zn", "b", "--bare=1"}, 0);
        assertTrue(a.has("zap"));
        assertEquals("b", a.value("name"));
        assertEquals("1", a.value("bare"));
    }

    @Test
    void hiddenAliasesAndDeprecatedOptions_parseButAreNotListed() {
        Args.Spec spec = new Args.Spec("x").option(null, "network", "string", "Net").alias("net", "network")
                .option("t", "timeout", "int", "T").option(null, "time", "int", "Old").deprecated("time", "use it");
        assertEquals(List.of("network", "timeout"), spec.options().stream().map(r -> r[1]).toList());
        Args a = Args.parse(spec, new String[] {"--net", "a", "--network=b", "--net=c", "--time", "3"}, 0);
        assertEquals(List.of("a", "b", "c"), a.values("network"));
        assertTrue(a.changed("time") && !a.changed("timeout"));
        assertEquals(List.of("Flag --time has been deprecated, use it"), a.deprecations());
        assertEquals(List.of(), Args.parse(spec, new String[] {"-t", "1"}, 0).deprecations());
    }

    /** pflag's %q of the value, as docker 28.2.2 printed it for --gpus '"device=0,1",capabilities=compute,utility'. */
    @Test
    void invalidArgument_quotesTheValueAsGo() {
        Args.Spec spec = new Args.Spec("create").option(null, "gpus", "gpu-request", "GPU devices");
        assertEquals("invalid argument \"\\\"device=0,1\\\",capabilities=compute,utility\" for \"--gpus\" flag: "
                + "invalid count (utility): value must be either \"all\" or an integer: invalid syntax",
                Args.invalidArgument(spec, "gpus", "\"device=0,1\",capabilities=compute,utility",
                        "invalid count (utility): value must be either \"all\" or an integer: invalid syntax")
                        .getMessage().split("\n")[0]);
        assertEquals("\"a\\\\b\\tc\\x01\"", Args.goQuote("a\\b\tc\u0001"));
        // beyond ASCII, as Go's strconv.Quote (docker 28.2.2's flag errors, recorded): what unicode.IsPrint refuses
        // escaped (no-break space, zero-width space, a tag character), letters and symbols kept
        assertEquals("\"a\\u00a0b\\u200bé😀\\U000e0001\"", Args.goQuote("a\u00a0b\u200bé😀\udb40\udc01"));
        assertEquals("strconv.ParseInt: parsing \"a\\\"b\": invalid syntax", Args.parseIntError("a\"b"));
    }

    /** pflag's -t=false: a bool shorthand takes the value after '=' (docker 28.2.2: exec -t=false ran, exit 0). */
    @Test
    void boolShorthand_withAValue() {
        Args.Spec spec = new Args.Spec("exec").flag("t", "tty", "Allocate a pseudo-TTY").flag("i", "interactive", "x");
        Args a = Args.parse(spec, new String[] {"-t=false", "-i", "c"}, 0);
        assertFalse(a.has("tty"));
        assertTrue(a.has("interactive"));
        assertTrue(Args.parse(spec, new String[] {"-it=true", "c"}, 0).has("tty"));
        assertFalse(Args.parse(spec, new String[] {"-it=false", "c"}, 0).has("tty"));
    }

    /** pflag's bool values are Go's strconv.ParseBool: 1/t/T/TRUE/true/True, 0/f/F/FALSE/false/False, else refused
     * (docker 28.2.2: create -t=foo and --tty=foo, exit 125, the message below). */
    @Test
    void boolValues_areGosParseBool() {
        Args.Spec spec = new Args.Spec("create").flag("t", "tty", "Allocate a pseudo-TTY")
                .flag("i", "interactive", "x");
        for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
            assertFalse(Args.parse(spec, new String[] {"-t=" + f, "c"}, 0).has("tty"), f);
            assertFalse(Args.parse(spec, new String[] {"--tty=" + f, "c"}, 0).has("tty"), f);
        }
        for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
            assertTrue(Args.parse(spec, new String[] {"-it=" + t, "c"}, 0).has("tty"), t);
        }
        for (String bad : new String[] {"-t=foo", "--tty=foo", "-it=yes"}) {
            CliException e = assertThrows(CliException.class, () -> Args.parse(spec, new String[] {bad, "c"}, 0));
            assertEquals(125, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid argument \"" + bad.substring(bad.indexOf('=') + 1)
                    + "\" for \"-t, --tty\" flag: strconv.ParseBool: parsing \"" + bad.substring(bad.indexOf('=') + 1)
                    + "\": invalid syntax"), e.getMessage());
        }
    }
}
