package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.api.client.FakeEngine;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests and output of run/create/start/stop flags that steer more than the create body, against a fake
 * daemon, in the docker CLI 28's order and words: {@code --pull}, {@code -q}, {@code --platform},
 * {@code --use-api-socket}, the Windows-only and experimental flags, {@code stop --time}.
 */
class RunFlagsTest {
    private static final String ID = "3f4e1a9c2b7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";
    private static final String PULLED = "{\"status\":\"Pulling from library/nosuch\",\"id\":\"1\"}\n"
            + "{\"status\":\"Status: Downloaded newer image for nosuch:1\"}\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int jdock(Path sock, String... args) {
        Cli cli = new Cli(new EngineClient(DockerHost.unix(sock), "jdock/test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> 1795821823_000L);
        return Jdock.dispatch(cli, args, 0, InputStream.nullInputStream());
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String path(FakeEngine.Request r) {
        String t = r.target();
        int q = t.indexOf('?');
        return r.method() + " " + (q < 0 ? t : t.substring(0, q));
    }

    /** The requests after the version ping, as {@code METHOD target}. */
    private static List<String> calls(FakeEngine fake) {
        return fake.requests().stream().filter(r -> !r.method().equals("HEAD"))
                .map(r -> r.method() + " " + r.target()).collect(Collectors.toList());
    }

    /**
     * A daemon whose create answers 404 {@code missing} the first {@code misses} times, then 201; a pull streams
     * {@link #PULLED}.
     */
    private FakeEngine daemon(Path sock, int misses, String missing) throws Exception {
        AtomicInteger creates = new AtomicInteger();
        return new FakeEngine(sock, (r, ch, in, o) -> {
            String p = path(r);
            if (p.equals("HEAD /_ping")) {
                FakeEngine.respond(o, 200, "Ostype: linux\r\nDocker-Experimental: false\r\n", "");
            } else if (p.endsWith("/containers/create")) {
                if (creates.getAndIncrement() < misses) {
                    FakeEngine.respond(o, 404, "", "{\"message\":\"" + missing + "\"}");
                } else {
                    FakeEngine.respond(o, 201, "", "{\"Id\":\"" + ID + "\",\"Warnings\":[]}");
                }
            } else if (p.endsWith("/images/create")) {
                FakeEngine.respond(o, 200, "", PULLED);
            } else {
                FakeEngine.respond(o, 204, "", "");
            }
        });
    }

    @Test
    void pullNever_answersTheDaemonsErrorWithoutPulling() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 9, "No such image: nosuch:1")) {
            assertEquals(1, jdock(sock, "create", "--pull", "never", "nosuch:1"));
            assertEquals("Error response from daemon: No such image: nosuch:1\n", stderr());
            assertEquals(List.of("POST /v1.41/containers/create"), calls(fake));
        }
    }

    @Test
    void quiet_pullsSilently_andRetries() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 1, "No such image: nosuch:1")) {
            assertEquals(0, jdock(sock, "create", "-q", "nosuch:1"));
            assertEquals("", stderr());
            assertEquals(ID + "\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(List.of("POST /v1.41/containers/create", "POST /v1.41/images/create?fromImage=nosuch&tag=1",
                    "POST /v1.41/containers/create"), calls(fake));
        }
    }

    @Test
    void missingImage_withoutQuiet_printsDockersNoticeWithTheDefaultTag_andThePull() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 1, "No such image: nosuch:latest")) {
            assertEquals(0, jdock(sock, "create", "nosuch"));
            assertEquals("Unable to find image 'nosuch:latest' locally\n1: Pulling from library/nosuch\n"
                    + "Status: Downloaded newer image for nosuch:1\n", stderr());
        }
    }

    @Test
    void pullAlways_pullsThePlatformFirst_andTheCreateNamesIt() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            assertEquals(0, jdock(sock, "create", "--pull", "always", "--platform", "aarch64", "busybox"));
            assertEquals(List.of("POST /v1.41/images/create?fromImage=busybox&tag=latest&platform=linux%2Farm64",
                    "POST /v1.41/containers/create?platform=linux%2Farm64"), calls(fake));
        }
    }

    @Test
    void otherPlatformsImage_isPulledForThePlatform_asAMissingOne() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 1, "image with reference busybox was found but does not match the "
                + "specified platform: wanted linux/arm64, actual: linux/amd64")) {
            assertEquals(0, jdock(sock, "run", "-d", "--platform", "linux/arm64", "busybox"));
            assertTrue(stderr().startsWith("Unable to find image 'busybox:latest' locally\n"), stderr());
            assertEquals("POST /v1.41/images/create?fromImage=busybox&tag=latest&platform=linux%2Farm64",
                    calls(fake).get(1));
        }
    }

    @Test
    void badPlatform_isTheClientsError() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            assertEquals(125, jdock(sock, "run", "--platform", "bogus", "busybox"));
            assertEquals("jdock: error parsing specified platform: \"bogus\": unknown operating system or "
                    + "architecture: invalid argument\n\nRun 'jdock run --help' for more information\n", stderr());
        }
    }

    @Test
    void useApiSocket_mountsTheSocketJdockTalksTo() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            assertEquals(0, jdock(sock, "create", "--use-api-socket", "-v", "/tmp:/t", "busybox"));
            JsonNode body = Json.mapper().readTree(fake.requests().stream()
                    .filter(r -> path(r).endsWith("/containers/create")).findFirst().orElseThrow().body());
            JsonNode m = body.at("/HostConfig/Mounts/0");
            assertEquals("bind", m.path("Type").asText());
            assertEquals(sock.toAbsolutePath().toString(), m.path("Source").asText());
            assertEquals("/var/run/docker.sock", m.path("Target").asText());
            assertTrue(m.path("BindOptions").isObject());
            assertEquals("/tmp:/t", body.at("/HostConfig/Binds/0").asText());
        }
    }

    @Test
    void useApiSocket_copiesTheClientsCredentialsIn_andPointsDockerConfigAtThem() throws Exception {
        Path sock = dir.resolve("d.sock");
        Path config = java.nio.file.Files.createDirectory(dir.resolve("cfg"));
        java.nio.file.Files.writeString(config.resolve("config.json"),
                "{\"auths\":{\"reg.example:5000\":{\"auth\":\"dTpw\"}}}");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            Cli cli = new Cli(new EngineClient(DockerHost.unix(sock), "jdock/test"),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L,
                    dev.jdock.cli.core.GlobalOptions.NONE, java.util.Map.of("DOCKER_CONFIG", config.toString()));
            assertEquals(0, Jdock.dispatch(cli, new String[] {"create", "--use-api-socket", "busybox"}, 0,
                    InputStream.nullInputStream()), stderr());
            JsonNode body = Json.mapper().readTree(fake.requests().stream()
                    .filter(r -> path(r).endsWith("/containers/create")).findFirst().orElseThrow().body());
            assertEquals("[\"DOCKER_CONFIG=/run/secrets/docker\"]", body.path("Env").toString());
            FakeEngine.Request put = fake.requests().stream().filter(r -> r.method().equals("PUT")).findFirst()
                    .orElseThrow();
            assertEquals("/v1.41/containers/" + ID + "/archive?path=%2F", put.target());
            byte[] tar = put.body();
            assertEquals("/run/secrets/docker/config.json", new String(tar, 0, 31, StandardCharsets.UTF_8));
            assertEquals("0000600", new String(tar, 100, 7, StandardCharsets.UTF_8));
            String json = "{\n\t\"auths\": {\n\t\t\"reg.example:5000\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t}\n}";
            assertEquals(json, new String(tar, 512, json.length(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theMissingImagesPull_sendsTheClientsCredentialsForItsRegistry() throws Exception {
        Path sock = dir.resolve("d.sock");
        Path config = java.nio.file.Files.createDirectory(dir.resolve("cfg"));
        java.nio.file.Files.writeString(config.resolve("config.json"),
                "{\"auths\":{\"reg.example:5000\":{\"auth\":\"dTpw\"}}}");
        try (FakeEngine fake = daemon(sock, 1, "No such image: reg.example:5000/app:latest")) {
            Cli cli = new Cli(new EngineClient(DockerHost.unix(sock), "jdock/test"),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L,
                    dev.jdock.cli.core.GlobalOptions.NONE, java.util.Map.of("DOCKER_CONFIG", config.toString()));
            assertEquals(0, Jdock.dispatch(cli, new String[] {"create", "-q", "reg.example:5000/app"}, 0,
                    InputStream.nullInputStream()), stderr());
            FakeEngine.Request pull = fake.requests().stream().filter(r -> path(r).endsWith("/images/create"))
                    .findFirst().orElseThrow();
            String auth = pull.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(
                    "X-Registry-Auth")).findFirst().orElseThrow().getValue();
            JsonNode a = Json.mapper().readTree(java.util.Base64.getUrlDecoder().decode(auth));
            assertEquals("u", a.path("username").asText());
            assertEquals("p", a.path("password").asText());
            assertEquals("reg.example:5000", a.path("serveraddress").asText());
        }
    }

    @Test
    void windowsOnlyFlags_areRefusedOnALinuxDaemon_beforeAnyCreate() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            assertEquals(1, jdock(sock, "run", "--cpu-count", "2", "--io-maxiops", "5", "busybox"));
            assertEquals("\"--cpu-count\" is only supported on a Docker daemon running on windows, but the Docker "
                    + "daemon is running on linux\n\"--io-maxiops\" is only supported on a Docker daemon running on "
                    + "windows, but the Docker daemon is running on linux\n", stderr());
            assertEquals(List.of(), calls(fake));
        }
    }

    @Test
    void startCheckpoint_isRefusedWithoutExperimentalFeatures() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            assertEquals(1, jdock(sock, "start", "--checkpoint", "cp1", "c1"));
            assertEquals("\"--checkpoint\" is only supported on a Docker daemon with experimental features "
                    + "enabled\n", stderr());
            assertEquals(List.of(), calls(fake));
        }
    }

    @Test
    void stopTime_isDeprecatedForTimeout_andNotBothAtOnce() throws Exception {
        Path sock = dir.resolve("d.sock");
        try (FakeEngine fake = daemon(sock, 0, "")) {
            assertEquals(0, jdock(sock, "stop", "--time", "3", "c1"));
            assertEquals("Flag --time has been deprecated, use --timeout instead\n", stderr());
            assertEquals(0, jdock(sock, "restart", "--timeout", "4", "c1"));
            assertEquals(0, jdock(sock, "stop", "c1"));
            assertEquals(List.of("POST /v1.41/containers/c1/stop?t=3", "POST /v1.41/containers/c1/restart?t=4",
                    "POST /v1.41/containers/c1/stop"), calls(fake));
            err.reset();
            assertEquals(1, jdock(sock, "stop", "-t", "1", "--time", "2", "c1"));
            assertEquals("Flag --time has been deprecated, use --timeout instead\n"
                    + "conflicting options: cannot specify both --timeout and --time\n", stderr());
        }
    }
}
