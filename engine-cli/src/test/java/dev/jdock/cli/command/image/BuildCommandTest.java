package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jdock build and builder prune against a scripted daemon: the request, the output, the exit status. */
class BuildCommandTest {
    private static final String BUILT = "{\"stream\":\"Step 1/1 : FROM busybox\"}\r\n{\"stream\":\"\\n\"}\r\n"
            + "{\"stream\":\" ---\\u003e 6b0d620a3f3a\\n\"}\r\n{\"aux\":{\"ID\":\"sha256:6b0d\"}}\r\n"
            + "{\"stream\":\"Successfully built 6b0d620a3f3a\\n\"}\r\n";
    private static final String FAILED = "{\"stream\":\"Step 1/1 : RUN exit 7\\n\"}\r\n"
            + "{\"errorDetail\":{\"code\":7,\"message\":"
            + "\"The command '/bin/sh -c exit 7' returned a non-zero code: 7\"},"
            + "\"error\":\"The command '/bin/sh -c exit 7' returned a non-zero code: 7\"}\r\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path ctx;

    @BeforeEach
    void context() throws IOException {
        ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\n");
    }

    private FakeEngine daemon(int status, String reply) throws IOException {
        return new FakeEngine(dir.resolve("d.sock"), (r, ch, in, o) -> {
            if (r.target().startsWith("/_ping")) {
                FakeEngine.respond(o, 200, "", r.method().equals("HEAD") ? "" : "OK"); // HEAD: no body, as HTTP says
            } else {
                FakeEngine.respond(o, status, "Content-Type: application/json\r\n", reply);
            }
        });
    }

    private int jdock(String stdin, String... args) {
        out.reset();
        err.reset();
        Cli cli = new Cli(new EngineClient(DockerHost.unix(dir.resolve("d.sock")), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 0L);
        return Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    private static FakeEngine.Request build(FakeEngine d) throws InterruptedException {
        List<FakeEngine.Request> rs = d.awaitRequests(2);
        return rs.get(rs.size() - 1);
    }

    @Test
    void build_sendsTheContextTar_printsDockersLines_andWritesTheIidfile() throws Exception {
        Path iid = dir.resolve("iid");
        Files.writeString(iid, "stale");
        try (FakeEngine d = daemon(200, BUILT)) {
            assertEquals(0, jdock("", "build", "-t", "t:1", "--iidfile", iid.toString(), ctx.toString()));
            FakeEngine.Request r = build(d);
            assertEquals("/v1.41/build?dockerfile=Dockerfile&t=t%3A1&version=1", r.target());
            assertEquals("application/x-tar", r.header("Content-Type"));
            assertTrue(r.header("X-Registry-Config") != null, "the credentials header is always sent");
            assertEquals(List.of("Dockerfile 0 644"), TarEntries.briefs(TarEntries.read(
                    new ByteArrayInputStream(r.body()))));
        }
        assertEquals("Sending build context to Docker daemon  2.048kB\r\r\nStep 1/1 : FROM busybox\n"
                + " ---> 6b0d620a3f3a\nSuccessfully built 6b0d620a3f3a\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("sha256:6b0d", Files.readString(iid));
    }

    @Test
    void quiet_printsOnlyTheId_andEverything_onStderr_whenTheBuildFails() throws Exception {
        try (FakeEngine d = daemon(200, "{\"stream\":\"sha256:6b0d\\n\"}\r\n")) {
            assertEquals(0, jdock("", "build", "-q", ctx.toString()));
            assertTrue(build(d).target().contains("&q=1&"));
        }
        assertEquals("sha256:6b0d\n", out.toString(StandardCharsets.UTF_8));
        Files.delete(dir.resolve("d.sock"));
        try (FakeEngine d = daemon(200, FAILED)) {
            assertEquals(7, jdock("", "build", "-q", ctx.toString()));
        }
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("Sending build context to Docker daemon  2.048kB\r\r\nStep 1/1 : RUN exit 7\n"
                + "The command '/bin/sh -c exit 7' returned a non-zero code: 7\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failedStep_exitsWithItsCode_andLeavesNoIidfile() throws Exception {
        Path iid = dir.resolve("iid");
        Files.writeString(iid, "stale");
        try (FakeEngine d = daemon(200, FAILED)) {
            assertEquals(7, jdock("", "build", "--iidfile", iid.toString(), ctx.toString()));
        }
        assertEquals("The command '/bin/sh -c exit 7' returned a non-zero code: 7\n",
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(iid));
    }

    @Test
    void daemonError_isPrintedAsDockerPrintsIt() throws Exception {
        try (FakeEngine d = daemon(400, "{\"message\":\"remote build contexts are not supported\"}")) {
            assertEquals(1, jdock("", "build", "https://example.invalid/c.tar"));
            assertTrue(build(d).target().contains("remote=https%3A%2F%2Fexample.invalid%2Fc.tar"));
        }
        assertEquals("Error response from daemon: remote build contexts are not supported\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dockerfileFromStdin_isNamedInTheQuery() throws Exception {
        try (FakeEngine d = daemon(200, BUILT)) {
            assertEquals(0, jdock("FROM scratch\n", "build", "-f", "-", ctx.toString()));
            String target = build(d).target();
            assertTrue(target.matches(".*dockerfile=\\.dockerfile\\.[0-9a-f]{20}&.*"), target);
        }
    }

    @Test
    void help_listsTheOptions() {
        assertEquals(0, jdock("", "build", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage:  jdock build [OPTIONS] PATH | URL | -\n"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  -t, --tag list "));
    }

    @Test
    void builderPrune_asksFirst_thenReportsAsDocker() throws Exception {
        String reply = "{\"CachesDeleted\":[\"abc\",\"def\"],\"SpaceReclaimed\":2048}";
        try (FakeEngine d = daemon(200, reply)) {
            assertEquals(0, jdock("n\n", "builder", "prune"));
            assertEquals("WARNING! This will remove all dangling build cache. Are you sure you want to continue? "
                    + "[y/N] ", out.toString(StandardCharsets.UTF_8));
            assertEquals(0, jdock("y\n", "builder", "prune", "-a", "--keep-storage", "1k", "--filter", "until=1h"));
            assertEquals("WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] "
                    + "Deleted build cache objects:\nabc\ndef\n\nTotal reclaimed space: 2.048kB\n",
                    out.toString(StandardCharsets.UTF_8));
            assertEquals("/v1.41/build/prune?all=1&filters=%7B%22until%22%3A%7B%221h%22%3Atrue%7D%7D"
                    + "&keep-storage=1024", build(d).target());
        }
        assertEquals("Total reclaimed space: 0B\n", BuilderPruneCommand.report(
                dev.jdock.api.types.build.BuildCachePruneResponse.NOTHING));
    }
}
