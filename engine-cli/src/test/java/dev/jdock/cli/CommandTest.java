package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.Command.Group;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command table: every entry is listed in the usage text, dispatches, and is reached by each of its words. */
class CommandTest {
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs a command line against a socket that does not exist (help and unknown commands never connect). */
    private int jdock(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-commandtest-nope.sock")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
    }

    /** Every command line that reaches {@code c}: {@code jdock WORD} and {@code jdock GROUP SUB} per sub word. */
    private static List<List<String>> lines(Command c) {
        List<List<String>> lines = new ArrayList<>();
        if (c.word() != null) {
            lines.add(List.of(c.word()));
        }
        for (String sub : c.subWords()) {
            lines.add(List.of(c.group().word(), sub));
        }
        return lines;
    }

    @Test
    void usage_listsEveryCommandOfTheTable() {
        String main = Usage.main();
        for (Command c : Command.values()) {
            if (c.word() != null) {
                assertTrue(main.contains("\n  " + c.word() + " ".repeat(Math.max(1, 12 - c.word().length()))
                        + c.summary() + "\n"), c + " in jdock --help");
            } else {
                assertTrue(c.group() != null && !c.subWords().isEmpty(), c + " is reachable");
            }
            if (c.group() != null) {
                String sub = c.subWords().get(0);
                assertTrue(Usage.group(c.group()).contains("\n  " + sub + " ".repeat(12 - sub.length())
                        + c.summary() + "\n"), c + " in jdock " + c.group().word() + " --help");
            }
        }
        for (Group g : Group.values()) {
            assertTrue(main.contains("\n  " + g.word() + " ".repeat(12 - g.word().length()) + g.summary() + "\n"));
        }
    }

    @Test
    void usage_hasDockersLayout() {
        String main = Usage.main();
        assertTrue(main.startsWith("Usage:  jdock [OPTIONS] COMMAND\n\nA Docker-compatible container engine client\n\n"
                + "Common Commands:\n  run         Create and run a new container from an image\n"
                + "  exec        Execute a command in a running container\n  ps          List containers\n"), main);
        assertTrue(main.contains("\n\nManagement Commands:\n  builder     Manage builds\n"
                + "  container   Manage containers\n  context     Manage contexts\n"
                + "  image       Manage images\n  network     Manage networks\n  system      Manage jdock\n"
                + "  volume      Manage volumes\n\nCommands:\n  attach      "), main);
        assertTrue(main.contains("  wait        Block until one or more containers stop, then print their exit codes\n"
                + "\nGlobal Options:\n      --config string      Location of client config files (default\n"
                + "                           $DOCKER_CONFIG, ~/.docker)\n"), main);
        assertTrue(main.contains("\n  -H, --host string        Daemon socket to connect to (default\n"
                + "                           $JDOCK_HOST, $DOCKER_HOST, unix:///run/jdock.sock)\n"), main);
        assertTrue(main.endsWith("      --tlsverify          Use TLS and verify the remote (default\n"
                + "                           $DOCKER_TLS_VERIFY)\n"
                + "  -v, --version            Print version information and quit\n"
                + "\nRun 'jdock COMMAND --help' for more information on a command.\n"
                + "\nFor more help on how to use jdock, head to https://docs.docker.com/go/guides/\n"), main);
        assertEquals("Usage:  jdock system COMMAND\n\nManage jdock\n\nCommands:\n  df          Show jdock disk usage\n"
                + "  dial-stdio  Proxy the stdio stream to the daemon connection. Should not be invoked manually.\n"
                + "  events      Get real time events from the server\n  info        Display system-wide information\n"
                + "  prune       Remove unused data\n"
                + "\nRun 'jdock system COMMAND --help' for more information on a command.\n",
                Usage.group(Group.SYSTEM));
    }

    @Test
    void everyEntry_dispatchesFromEachOfItsWords() {
        for (Command c : Command.values()) {
            String help = null;
            for (List<String> line : lines(c)) {
                List<String> args = new ArrayList<>(line);
                args.add("--help");
                assertEquals(0, jdock(args.toArray(String[]::new)), "jdock " + args);
                String text = out.toString(StandardCharsets.UTF_8);
                assertTrue(text.startsWith("Usage:  jdock " + String.join(" ", line)), "jdock " + args + ": " + text);
                String rest = text.substring(text.indexOf('\n')); // the Usage line names the words typed, as docker's
                if (help != null) {
                    assertEquals(help, rest, "jdock " + args + " runs the same command as its other words");
                }
                help = rest;
            }
        }
    }

    @Test
    void aliases_resolve() {
        assertEquals(Command.PS, Command.named("ps"));
        for (String sub : List.of("ls", "list", "ps")) {
            assertEquals(Command.PS, Command.in(Group.CONTAINER, sub));
        }
        assertEquals(Command.RUN, Command.in(Group.CONTAINER, "run"));
        assertEquals(Command.IMAGES, Command.in(Group.IMAGE, "ls"));
        assertEquals(Command.IMAGES, Command.in(Group.IMAGE, "list"));
        assertEquals(Command.RMI, Command.in(Group.IMAGE, "rm"));
        assertEquals(Command.RMI, Command.in(Group.IMAGE, "remove"));
        assertEquals(Command.IMAGE_INSPECT, Command.in(Group.IMAGE, "inspect"));
        assertEquals(Command.CONTAINER_INSPECT, Command.in(Group.CONTAINER, "inspect"));
        assertEquals(Command.RM, Command.in(Group.CONTAINER, "remove"));
        assertEquals(Command.CONTAINER_PRUNE, Command.in(Group.CONTAINER, "prune"));
        assertEquals(Command.NETWORK_LS, Command.in(Group.NETWORK, "list"));
        assertEquals(Command.VOLUME_RM, Command.in(Group.VOLUME, "remove"));
        assertEquals(Command.SYSTEM_DF, Command.in(Group.SYSTEM, "df"));
        assertEquals(Group.CONTAINER, Group.named("container"));
        assertNull(Command.named("prune"));
        assertNull(Command.in(Group.IMAGE, "run"));
        assertNull(Group.named("ps"));
    }

    @Test
    void noWordIsWrittenTwice() {
        Set<String> words = new HashSet<>();
        for (Group g : Group.values()) {
            assertTrue(words.add(g.word()), g.word());
        }
        for (Command c : Command.values()) {
            assertTrue(c.word() == null || words.add(c.word()), c.word());
            for (String sub : c.subWords()) {
                assertTrue(words.add(c.group().word() + " " + sub), c.group().word() + " " + sub);
            }
        }
    }

    @Test
    void unknownCommand_isDockersMessage() {
        assertEquals(1, jdock("bogus"));
        assertEquals("jdock: unknown command: jdock bogus\n\nRun 'jdock --help' for more information\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals(1, jdock("network", "bogus", "x"));
        assertEquals("jdock: unknown command: jdock network bogus\n\nRun 'jdock network --help' for more "
                + "information\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(1, jdock("image", "run", "busybox"));
        assertEquals("jdock: unknown command: jdock image run\n\nRun 'jdock image --help' for more information\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void managementCommand_printsItsUsage() {
        assertEquals(0, jdock("container", "--help"));
        assertEquals(Usage.group(Group.CONTAINER), out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage:  jdock container COMMAND\n\n"
                + "Manage containers\n\nCommands:\n  attach      Attach local standard input"));
        assertEquals(0, jdock("volume"));
        assertEquals(Usage.group(Group.VOLUME), err.toString(StandardCharsets.UTF_8));
        assertFalse(Usage.group(Group.VOLUME).contains("list"), "one line per command, by its first word");
    }
}
