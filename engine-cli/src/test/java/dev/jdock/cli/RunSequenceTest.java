package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSequenceTest {
    static final String ID = "3f4e1a9c2b7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int jdock(Path sock, InputStream stdin, String... args) {
        Cli cli = new Cli(new EngineClient(DockerHost.unix(sock), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 1795821823_000L);
        return Jdock.dispatch(cli, args, 0, stdin);
    }

    private static String path(FakeEngine.Request r) {
        String t = r.target();
        int q = t.indexOf('?');
        return r.method() + " " + (q < 0 ? t : t.substring(0, q));
    }

    /** A daemon that plays `run --rm busybox sh -c 'echo hi; exit 3'`. */
    private FakeEngine runDaemon(Path sock, CountDownLatch started, CountDownLatch attachDone) throws Exception {
        return new FakeEngine(sock, (r, ch, in, o) -> {
            String p = path(r);
            if (p.equals("HEAD /_ping")) {
                FakeEngine.respond(o, 200, "", "");
            } else if (p.equals("POST /v1.41/containers/create")) {
                FakeEngine.respond(o, 201, "", "{\"Id\":\"" + ID + "\",\"Warnings\":[]}");
            } else if (p.endsWith("/attach")) {
                FakeEngine.write(ch, "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                        + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
                assertTrue(started.await(10, TimeUnit.SECONDS));
                o.write(new StdcopyFrame(1, "hi\n".getBytes(StandardCharsets.UTF_8)).encode());
                o.write(new StdcopyFrame(2, "oops\n".getBytes(StandardCharsets.UTF_8)).encode());
                o.flush();
                attachDone.countDown();
            } else if (p.endsWith("/wait")) {
                FakeEngine.write(ch, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
                assertTrue(attachDone.await(10, TimeUnit.SECONDS));
                String body = "{\"Error\":null,\"StatusCode\":3}\n";
                FakeEngine.write(ch, Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            } else if (p.endsWith("/start")) {
                FakeEngine.respond(o, 204, "", "");
                started.countDown();
            } else {
                FakeEngine.respond(o, 404, "", "{\"message\":\"page not found\"}");
            }
        });
    }

    @Test
    void runFollowsTheDockerSequenceAndExitsWithTheContainerStatus() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = runDaemon(sock, new CountDownLatch(1), new CountDownLatch(1))) {
            int rc = jdock(sock, InputStream.nullInputStream(), "run", "--rm", "-e", "A=1", "-m", "64m", "--cpus", "0.5",
                    "busybox", "sh", "-c", "echo hi; exit 3");
            assertEquals(3, rc, err.toString(StandardCharsets.UTF_8));
            assertEquals("hi\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("oops\n", err.toString(StandardCharsets.UTF_8));
            List<FakeEngine.Request> reqs = fake.awaitRequests(5);
            assertEquals(List.of("HEAD /_ping", "POST /v1.41/containers/create",
                    "POST /v1.41/containers/" + ID + "/attach", "POST /v1.41/containers/" + ID + "/wait",
                    "POST /v1.41/containers/" + ID + "/start"),
                    reqs.stream().map(RunSequenceTest::path).collect(Collectors.toList()));
            assertEquals("/v1.41/containers/" + ID + "/attach?stderr=1&stdout=1&stream=1", reqs.get(2).target());
            assertEquals("/v1.41/containers/" + ID + "/wait?condition=removed", reqs.get(3).target());
            JsonNode body = Json.mapper().readTree(reqs.get(1).body());
            assertEquals("busybox", body.get("Image").asText());
            assertEquals("[\"sh\",\"-c\",\"echo hi; exit 3\"]", body.get("Cmd").toString());
            assertEquals("[\"A=1\"]", body.get("Env").toString());
            assertTrue(body.get("AttachStdout").asBoolean());
            assertTrue(body.at("/HostConfig/AutoRemove").asBoolean());
            assertEquals(67108864L, body.at("/HostConfig/Memory").asLong());
            assertEquals(500000000L, body.at("/HostConfig/NanoCpus").asLong());
            assertEquals("no", body.at("/HostConfig/RestartPolicy/Name").asText());
            assertEquals(-1, body.at("/HostConfig/MemorySwappiness").asInt());
            assertTrue(body.at("/NetworkingConfig/EndpointsConfig/default").isObject());
        }
    }

    @Test
    void detachedRunPrintsTheFullId() throws Exception {
        Path sock = dir.resolve("d.sock");
        CountDownLatch done = new CountDownLatch(1);
        done.countDown();
        try (FakeEngine fake = runDaemon(sock, new CountDownLatch(1), done)) {
            assertEquals(0, jdock(sock, InputStream.nullInputStream(), "run", "-d", "--name", "t1", "busybox", "sleep", "300"));
            assertEquals(ID + "\n", out.toString(StandardCharsets.UTF_8));
            List<FakeEngine.Request> reqs = fake.awaitRequests(4);
            assertEquals("/v1.41/containers/create?name=t1", reqs.get(1).target());
            assertEquals("/v1.41/containers/" + ID + "/wait?condition=next-exit", reqs.get(2).target());
            assertEquals("POST /v1.41/containers/" + ID + "/start", path(reqs.get(3)));
        }
    }

    /** docker 28.2.2's run -d --rm waits with condition=removed (recorded), as the attached run --rm. */
    @Test
    void detachedRunWithRm_waitsForTheRemoval() throws Exception {
        Path sock = dir.resolve("d.sock");
        CountDownLatch done = new CountDownLatch(1);
        done.countDown();
        try (FakeEngine fake = runDaemon(sock, new CountDownLatch(1), done)) {
            assertEquals(0, jdock(sock, InputStream.nullInputStream(), "run", "-d", "--rm", "busybox", "true"));
            List<FakeEngine.Request> reqs = fake.awaitRequests(4);
            assertEquals("/v1.41/containers/" + ID + "/wait?condition=removed", reqs.get(2).target());
        }
    }

    /**
     * docker 28.2.2's build --squash (even =false) on a daemon without experimental features: refused after the
     * ping, nothing sent (recorded: no /build request), exit 1.
     */
    @Test
    void buildSquash_needsAnExperimentalDaemon() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = runDaemon(sock, new CountDownLatch(1), new CountDownLatch(1))) {
            assertEquals(1, jdock(sock, InputStream.nullInputStream(), "build", "--squash=false", dir.toString()));
            assertEquals("\"--squash\" is only supported on a Docker daemon with experimental features enabled\n",
                    err.toString(StandardCharsets.UTF_8));
            List<FakeEngine.Request> reqs = fake.awaitRequests(1);
            assertEquals("HEAD /_ping", path(reqs.get(reqs.size() - 1)));
        }
    }

    @Test
    void missingImageThenFailedPullExits125() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, o) -> {
            String p = path(r);
            if (p.equals("HEAD /_ping")) {
                FakeEngine.respond(o, 200, "", "");
            } else if (p.endsWith("/containers/create")) {
                FakeEngine.respond(o, 404, "", "{\"message\":\"No such image: nosuch:1\"}");
            } else {
                FakeEngine.respond(o, 500, "", "{\"message\":\"pull is not supported\"}");
            }
        })) {
            assertEquals(125, jdock(sock, InputStream.nullInputStream(), "run", "--rm", "nosuch:1"));
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.startsWith("Unable to find image 'nosuch:1' locally\n"
                    + "jdock: Error response from daemon: pull is not supported\n"), e);
            assertEquals("/v1.41/images/create?fromImage=nosuch&tag=1", fake.requests().get(2).target());
        }
    }

    @Test
    void startFailureMapsTo127() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, o) -> {
            String p = path(r);
            if (p.equals("HEAD /_ping")) {
                FakeEngine.respond(o, 200, "", "");
            } else if (p.endsWith("/containers/create")) {
                FakeEngine.respond(o, 201, "", "{\"Id\":\"" + ID + "\",\"Warnings\":null}");
            } else if (p.endsWith("/wait")) {
                FakeEngine.respond(o, 200, "", "{\"Error\":null,\"StatusCode\":0}");
            } else {
                FakeEngine.respond(o, 400, "", "{\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}");
            }
        })) {
            assertEquals(127, jdock(sock, InputStream.nullInputStream(), "run", "-d", "busybox", "nope"));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                    "jdock: Error response from daemon: exec: \"nope\": executable file not found in $PATH"));
        }
    }

    @Test
    void psQueriesAllAndPrintsTheTable() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, o) ->
                FakeEngine.respond(o, 200, "", r.method().equals("HEAD") ? "" : Train.PS))) {
            assertEquals(0, jdock(sock, InputStream.nullInputStream(), "container", "ls", "-a", "--filter", "name=t1"));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("CONTAINER ID   IMAGE "));
            assertEquals("/v1.41/containers/json?all=1&filters=%7B%22name%22%3A%7B%22t1%22%3Atrue%7D%7D",
                    fake.requests().get(1).target());
        }
    }

    @Test
    void inspectFallsBackToImages() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = new FakeEngine(sock, (r, ch, in, o) -> {
            if (r.method().equals("HEAD")) {
                FakeEngine.respond(o, 200, "", "");
            } else if (r.target().contains("/containers/")) {
                FakeEngine.respond(o, 404, "", "{\"message\":\"No such container: busybox\"}");
            } else {
                FakeEngine.respond(o, 200, "", "{\"Id\":\"sha256:a4\",\"RepoTags\":[\"busybox:latest\"]}");
            }
        })) {
            assertEquals(0, jdock(sock, InputStream.nullInputStream(), "inspect", "busybox"));
            assertEquals("[\n    {\n        \"Id\": \"sha256:a4\",\n        \"RepoTags\": [\n            \"busybox:latest\"\n"
                    + "        ]\n    }\n]\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(1, jdock(sock, new ByteArrayInputStream(new byte[0]), "inspect", "--type", "container", "busybox"));
            assertTrue(err.toString(StandardCharsets.UTF_8)
                    .contains("Error response from daemon: No such container: busybox"));
        }
    }
}
