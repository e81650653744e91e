package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DaemonUnreachableException;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.command.container.RunOptions;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * The CLI's errors as the docker CLI 28.2.2 prints them (checked with DOCKER_HOST at a missing socket, so every
 * case here fails before or at the connection): text on stderr and exit status. Flag errors never reach the
 * daemon, so these run against a socket that does not exist.
 */
class CliErrorsTest {
    private static final String RUN_USAGE = "\n\nUsage:  jdock run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
            + "Run 'jdock run --help' for more information\n";
    private static final String RUN_HINT = "\n\nRun 'jdock run --help' for more information\n";

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-clierr-nope.sock")),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L);

    private int jdock(String... args) {
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0]));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** docker 28.2.2 with an existing --cidfile: create prints the error plainly, exit 1; run prefixed, 125. */
    @Test
    void existingCidFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String f = java.nio.file.Files.writeString(tmp.resolve("cid"), "x").toString();
        assertEquals(1, jdock("create", "--cidfile", f, "busybox"));
        assertEquals("container ID file found, make sure the other container isn't running or delete " + f + "\n",
                stderr());
        err.reset();
        assertEquals(125, jdock("run", "--cidfile", f, "busybox"));
        assertEquals("jdock: container ID file found, make sure the other container isn't running or delete " + f
                + RUN_HINT, stderr());
    }

    @Test
    void restartPolicyFormatIsAClientError() {
        assertEquals(125, jdock("run", "--restart", "on-failure:x", "busybox"));
        assertEquals("jdock: invalid restart policy format: maximum retry count must be an integer" + RUN_HINT,
                stderr());
    }

    @Test
    void restartPolicyWithoutAName() {
        assertEquals(125, jdock("create", "--restart", ":3", "busybox"));
        assertEquals("jdock: invalid restart policy format: no policy provided before colon\n\n"
                + "Run 'jdock create --help' for more information\n", stderr());
    }

    @Test
    void restartWithRmConflicts() {
        assertEquals(125, jdock("run", "--rm", "--restart", "always", "busybox"));
        assertEquals("jdock: conflicting options: cannot specify both --restart and --rm" + RUN_HINT, stderr());
    }

    @Test
    void memorySizeErrorsAreGoUnits() {
        assertEquals(125, jdock("run", "-m", "12x", "busybox"));
        assertEquals("invalid argument \"12x\" for \"-m, --memory\" flag: invalid suffix: 'x'" + RUN_USAGE, stderr());
    }

    @Test
    void memorySizeWithoutADigit() {
        assertEquals(125, jdock("run", "--memory=abc", "busybox"));
        assertEquals("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'" + RUN_USAGE, stderr());
    }

    @Test
    void memorySizeThatIsNoNumber() {
        assertEquals(125, jdock("run", "-m", "1.2.3", "busybox"));
        assertEquals("invalid argument \"1.2.3\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1.2.3\": "
                + "invalid syntax" + RUN_USAGE, stderr());
    }

    @Test
    void memorySizesThatParse() {
        Args.Spec spec = RunOptions.spec("run");
        assertEquals(64L << 20, RunOptions.memoryBytes(spec, "memory", "64m"));
        assertEquals(1L << 30, RunOptions.memoryBytes(spec, "memory", "1GiB"));
        assertEquals(512L << 10, RunOptions.memoryBytes(spec, "memory", "512KB"));
        assertEquals(100L, RunOptions.memoryBytes(spec, "memory", "100b"));
        assertEquals(1536L << 20, RunOptions.memoryBytes(spec, "memory", "1.5g"));
        assertEquals(5L << 20, RunOptions.memoryBytes(spec, "memory", "5 m"));
    }

    @Test
    void memorySuffixIsLowerCasedInTheError() {
        assertEquals(125, jdock("run", "--shm-size", "5MBx", "busybox"));
        assertEquals("invalid argument \"5MBx\" for \"--shm-size\" flag: invalid suffix: 'mbx'" + RUN_USAGE, stderr());
    }

    @Test
    void publishSpecs() {
        assertEquals(125, jdock("run", "-p", "abc", "busybox"));
        assertEquals("jdock: invalid containerPort: abc" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, jdock("run", "-p", "99999", "busybox"));
        assertEquals("jdock: invalid containerPort: 99999" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, jdock("run", "-p", "abc:80", "busybox"));
        assertEquals("jdock: invalid hostPort: abc" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, jdock("run", "-p", "80/xyz", "busybox"));
        assertEquals("jdock: invalid proto: xyz" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, jdock("run", "-p", "1-3:4-5", "busybox"));
        assertEquals("jdock: invalid ranges specified for container and host Ports: 4-5 and 1-3" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, jdock("run", "-p", "+80", "busybox"));
        assertEquals("jdock: invalid containerPort: +80" + RUN_HINT, stderr());
    }

    /** docker 28.2.2: {@code docker run --expose +80 busybox}, exit 125 before any request. */
    @Test
    void exposeSpecs() {
        assertEquals(125, jdock("run", "--expose", "+80", "busybox"));
        assertEquals("jdock: invalid range format for --expose: +80, error: strconv.ParseUint: parsing \"+80\": "
                + "invalid syntax" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, jdock("run", "--expose", "80:80", "busybox"));
        assertEquals("jdock: invalid port format for --expose: 80:80" + RUN_HINT, stderr());
    }

    @Test
    void cpus() {
        assertEquals(125, jdock("run", "--cpus", "1.5x", "busybox"));
        assertEquals("invalid argument \"1.5x\" for \"--cpus\" flag: failed to parse 1.5x as a rational number"
                + RUN_USAGE, stderr());
    }

    @Test
    void integerFlagsNameTheirShorthand() {
        assertEquals(125, jdock("run", "--cpu-shares", "x", "busybox"));
        assertEquals("invalid argument \"x\" for \"-c, --cpu-shares\" flag: strconv.ParseInt: parsing \"x\": "
                + "invalid syntax" + RUN_USAGE, stderr());
        err.reset();
        assertEquals(125, jdock("run", "--pids-limit", "abc", "busybox"));
        assertEquals("invalid argument \"abc\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"abc\": "
                + "invalid syntax" + RUN_USAGE, stderr());
    }

    @Test
    void ulimitParsesTheHardLimitFirst() {
        assertEquals(125, jdock("run", "--ulimit", "nofile=a:b", "busybox"));
        assertEquals("invalid argument \"nofile=a:b\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"b\": "
                + "invalid syntax" + RUN_USAGE, stderr());
        err.reset();
        assertEquals(125, jdock("run", "--ulimit", "nofile=a:1", "busybox"));
        assertEquals("invalid argument \"nofile=a:1\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"a\": "
                + "invalid syntax" + RUN_USAGE, stderr());
    }

    @Test
    void unknownFlags() {
        assertEquals(125, jdock("run", "--bogus", "busybox"));
        assertEquals("unknown flag: --bogus" + RUN_USAGE, stderr());
        err.reset();
        assertEquals(125, jdock("run", "-Z", "busybox"));
        assertEquals("unknown shorthand flag: 'Z' in -Z" + RUN_USAGE, stderr());
    }

    @Test
    void missingEnvFile() {
        assertEquals(125, jdock("run", "--env-file", "/nonexistent/jdock-env", "busybox"));
        assertEquals("jdock: open /nonexistent/jdock-env: no such file or directory" + RUN_HINT, stderr());
    }

    @Test
    void runWithoutAnImageIsAnArgumentError() {
        assertEquals(1, jdock("run"));
        assertEquals("jdock: 'jdock run' requires at least 1 argument\n\n"
                + "Usage:  jdock run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                + "See 'jdock run --help' for more information\n", stderr());
    }

    @Test
    void aMissingSocketIsAConnectionError() {
        assertEquals(125, jdock("run", "busybox"));
        assertEquals("jdock: Cannot connect to the jdock daemon at unix:///tmp/jdock-clierr-nope.sock. "
                + "Is the jdock daemon running?" + RUN_HINT, stderr());
        err.reset();
        assertEquals(1, jdock("ps"));
        assertEquals("Cannot connect to the jdock daemon at unix:///tmp/jdock-clierr-nope.sock. "
                + "Is the jdock daemon running?\n", stderr());
    }

    @Test
    void reportMapsEachKind() {
        DockerHost host = DockerHost.parse("unix:///tmp/x.sock");
        assertEquals(1, Jdock.report(cli, new DaemonUnreachableException(host, new IOException("refused")), null));
        assertEquals("Cannot connect to the jdock daemon at unix:///tmp/x.sock. Is the jdock daemon running?\n",
                stderr());
        err.reset();
        assertEquals(1, Jdock.report(cli, new IOException("connection reset"), null));
        assertEquals("error during connect: connection reset\n", stderr());
        err.reset();
        assertEquals(125, Jdock.report(cli, new IOException("broken pipe"), "run"));
        assertEquals("jdock: error during connect: broken pipe" + RUN_HINT, stderr());
        err.reset();
        assertEquals(125, Jdock.report(cli, new EngineApiException(404, "No such container: x"), "run"));
        assertEquals("jdock: Error response from daemon: No such container: x" + RUN_HINT, stderr());
        err.reset();
        assertEquals(1, Jdock.report(cli, new NoSuchFileException("/in.tar"), null));
        assertEquals("open /in.tar: no such file or directory\n", stderr());
        err.reset();
        assertEquals(3, Jdock.report(cli, new CliException(3, "own text"), null));
        assertEquals("own text\n", stderr());
        err.reset();
        assertEquals(1, Jdock.report(cli, new IllegalStateException("boom"), null));
        assertEquals("unexpected error (a jdock bug): java.lang.IllegalStateException: boom\n", stderr());
        err.reset();
        assertEquals(125, Jdock.report(cli, new NumberFormatException("x"), "create"));
        assertEquals("jdock: unexpected error (a jdock bug): java.lang.NumberFormatException: x\n\n"
                + "Run 'jdock create --help' for more information\n", stderr());
    }

    @Test
    void flagErrors_carryTheUsageLineOfThePathCalled() {
        assertEquals(125, jdock("ps", "--bogus"));
        assertEquals("unknown flag: --bogus\n\nUsage:  jdock ps [OPTIONS]\n\nRun 'jdock ps --help' for more "
                + "information\n", stderr());
        err.reset();
        assertEquals(125, jdock("container", "ls", "-ax"));
        assertEquals("unknown shorthand flag: 'x' in -x\n\nUsage:  jdock container ls [OPTIONS]\n\nRun 'jdock "
                + "container ls --help' for more information\n", stderr());
        err.reset();
        assertEquals(125, jdock("ps", "-n", "x"));
        assertEquals("invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid "
                + "syntax\n\nUsage:  jdock ps [OPTIONS]\n\nRun 'jdock ps --help' for more information\n", stderr());
        err.reset();
        assertEquals(125, jdock("build", "-m", "1x", "."));
        assertEquals("invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n\nUsage:  jdock build "
                + "[OPTIONS] PATH | URL | -\n\nRun 'jdock build --help' for more information\n", stderr());
    }

    /** docker 28.2.2: update without a flag, before any request, exit 1. */
    @Test
    void updateWithoutFlags() {
        assertEquals(1, jdock("update", "web"));
        assertEquals("you must provide one or more flags when using this command\n", stderr());
    }

    /** docker 28.2.2's texts, one per cobra rule (its "SRun" typo after at-most included). */
    @Test
    void argumentErrors_areCobrasRules() {
        String[][] cases = {
            {"logs", "jdock: 'jdock logs' requires 1 argument\n\nUsage:  jdock logs [OPTIONS] CONTAINER\n\n"
                + "Run 'jdock logs --help' for more information\n"},
            {"container logs", "jdock: 'jdock container logs' requires 1 argument\n\nUsage:  jdock container logs "
                + "[OPTIONS] CONTAINER\n\nRun 'jdock container logs --help' for more information\n"},
            {"tag a", "jdock: 'jdock tag' requires 2 arguments\n\nUsage:  jdock tag SOURCE_IMAGE[:TAG] "
                + "TARGET_IMAGE[:TAG]\n\nRun 'jdock tag --help' for more information\n"},
            {"ps x", "jdock: 'jdock ps' accepts no arguments\n\nUsage:  jdock ps [OPTIONS]\n\n"
                + "Run 'jdock ps --help' for more information\n"},
            {"network rm", "jdock: 'jdock network rm' requires at least 1 argument\n\nUsage:  jdock network rm "
                + "NETWORK [NETWORK...]\n\nSee 'jdock network rm --help' for more information\n"},
            {"exec x", "jdock: 'jdock exec' requires at least 2 arguments\n\nUsage:  jdock exec [OPTIONS] CONTAINER "
                + "COMMAND [ARG...]\n\nSee 'jdock exec --help' for more information\n"},
            {"port a b c", "jdock: 'jdock port' requires at least 1 and at most 2 arguments\n\nUsage:  jdock port "
                + "CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'jdock port --help' for more information\n"},
            {"images a b", "jdock: 'jdock images' requires at most 1 argument\n\nUsage:  jdock images [OPTIONS] "
                + "[REPOSITORY[:TAG]]\n\nSRun 'jdock images --help' for more information\n"},
            {"run", "jdock: 'jdock run' requires at least 1 argument\n\nUsage:  jdock run [OPTIONS] IMAGE [COMMAND] "
                + "[ARG...]\n\nSee 'jdock run --help' for more information\n"},
            {"build a b", "jdock: 'jdock build' requires 1 argument\n\nUsage:  jdock build [OPTIONS] PATH | URL | "
                + "-\n\nRun 'jdock build --help' for more information\n"},
            {"history", "jdock: 'jdock history' requires 1 argument\n\nUsage:  jdock history [OPTIONS] IMAGE\n\n"
                + "Run 'jdock history --help' for more information\n"},
            {"system df x", "jdock: 'jdock system df' accepts no arguments\n\nUsage:  jdock system df [OPTIONS]\n\n"
                + "Run 'jdock system df --help' for more information\n"},
            {"cp a", "jdock: 'jdock cp' requires 2 arguments\n\nUsage:  jdock cp [OPTIONS] CONTAINER:SRC_PATH "
                + "DEST_PATH|-\n\tjdock cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'jdock cp --help' for more "
                + "information\n"},
        };
        for (String[] c : cases) {
            err.reset();
            assertEquals(1, jdock(c[0].split(" ")), c[0]);
            assertEquals(c[1], stderr(), c[0]);
        }
    }
}
