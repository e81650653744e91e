package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole command lines through {@link Jdock#execute} and what docker 28.2.2 prints for the same line (recorded with
 * DOCKER_HOST at a missing socket and "docker" read as "jdock"): stderr and exit status. None reaches a daemon.
 */
class CliErrorCasesTest {
    private static final String NOPE = "unix:///tmp/jdock-errcases-nope.sock";
    private static final String DOWN = "Cannot connect to the jdock daemon at " + NOPE
            + ". Is the jdock daemon running?\n";
    private static final String ROOT_USAGE = "\n\nUsage:  jdock [OPTIONS] COMMAND [ARG...]\n\n"
            + "Run 'jdock --help' for more information\n";

    private record Case(List<String> args, int status, String stderr) {
    }

    private static final List<Case> CASES = List.of(
            new Case(List.of("ps"), 1, DOWN),
            new Case(List.of("-D", "ps"), 1, DOWN),
            new Case(List.of("run", "busybox"), 125, "jdock: " + DOWN + "\nRun 'jdock run --help' for more "
                    + "information\n"),
            new Case(List.of("create", "busybox"), 1, DOWN),
            new Case(List.of("create", "--restart", ":3", "busybox"), 125, "jdock: invalid restart policy format: "
                    + "no policy provided before colon\n\nRun 'jdock create --help' for more information\n"),
            new Case(List.of("-H", "bogus://x", "ps"), 1,
                    "Failed to initialize: unable to resolve docker endpoint: invalid bind address format: "
                            + "bogus://x\n"),
            new Case(List.of("run", "--bogus", "busybox"), 125, "unknown flag: --bogus\n\n"
                    + "Usage:  jdock run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'jdock run --help' for more "
                    + "information\n"),
            new Case(List.of("--bogus", "ps"), 125, "unknown flag: --bogus" + ROOT_USAGE),
            new Case(List.of("--bogus=1", "ps"), 125, "unknown flag: --bogus" + ROOT_USAGE),
            new Case(List.of("-Z", "ps"), 125, "unknown shorthand flag: 'Z' in -Z" + ROOT_USAGE),
            new Case(List.of("-H"), 125, "flag needs an argument: 'H' in -H" + ROOT_USAGE),
            new Case(List.of("--host"), 125, "flag needs an argument: --host" + ROOT_USAGE),
            new Case(List.of("bogus", "a"), 1, "jdock: unknown command: jdock bogus\n\n"
                    + "Run 'jdock --help' for more information\n"),
            new Case(List.of("badmeta"), 1, "jdock: unknown command: jdock badmeta\n\n"
                    + "Run 'jdock --help' for more information\n"));

    @TempDir
    Path home;

    @Test
    void eachCase_printsWhatDockerPrints() throws IOException {
        Path plugins = Files.createDirectories(home.resolve(".docker/cli-plugins"));
        executable(plugins.resolve("docker-badmeta"), "#!/bin/sh\necho '{\"SchemaVersion\":\"9\"}'\n");
        Map<String, String> env = Map.of("HOME", home.toString(), "DOCKER_HOST", NOPE);
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (Case c : CASES) {
            String[] got = run(c.args(), env);
            checks.add(() -> assertEquals(c.stderr() + "|" + c.status(), got[1] + "|" + got[2],
                    String.join(" ", c.args())));
        }
        assertAll(checks);
    }

    @Test
    void plugin_runsWithItsArgv_andItsStatusIsJdocks() throws IOException {
        Path plugins = Files.createDirectories(home.resolve(".docker/cli-plugins"));
        executable(plugins.resolve("docker-hello"), "#!/bin/sh\n"
                + "[ \"$1\" = docker-cli-plugin-metadata ] && { echo '{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"T\","
                + "\"ShortDescription\":\"Say hello\"}'; exit 0; }\n"
                + "echo \"$* $DOCKER_HOST $DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND\" > " + home.resolve("out")
                + "\nexit 5\n");
        String[] got = run(List.of("--tls=false", "hello", "-x", "y"), Map.of("HOME", home.toString(),
                "JDOCK_HOST", "unix:///run/jd-x.sock"));
        assertEquals("5", got[2]);
        assertEquals("--tls=false hello -x y unix:///run/jd-x.sock jdock\n", Files.readString(home.resolve("out")));

        String[] help = run(List.of("--help"), Map.of("HOME", home.toString()));
        assertTrue(help[0].contains("\n  context     Manage contexts\n  hello*      Say hello\n  image       "),
                help[0]);
    }

    private static void executable(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }

    /** stdout, stderr and the status of one command line. */
    private static String[] run(List<String> args, Map<String, String> env) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            status = Jdock.execute(args.toArray(String[]::new), env, new ByteArrayInputStream(new byte[0]));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
                String.valueOf(status)};
    }
}
