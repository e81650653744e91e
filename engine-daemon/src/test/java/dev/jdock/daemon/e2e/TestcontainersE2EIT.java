package dev.jdock.daemon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers (a real Java Docker client: docker-java underneath) against a running jdockd.
 *
 * <p>Runs only when {@code JDOCK_E2E_HOST} (system property or environment) names the daemon, e.g.
 * {@code unix:///run/jdock-test.sock}; scripts/test/e2e-clients.sh runs it with {@code DOCKER_HOST} set to the same
 * value and {@code TESTCONTAINERS_RYUK_DISABLED=true} in the environment (Testcontainers reads both from the
 * environment only). It never pulls: busybox:latest and nginx:latest must be loaded in the daemon.
 */
@Tag("root")
class TestcontainersE2EIT {
    private static final ImagePullPolicy NEVER_PULL = image -> false;
    private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox:latest");
    private static final DockerImageName NGINX = DockerImageName.parse("nginx:latest");

    @BeforeAll
    static void requireDaemon() {
        String host = System.getProperty("JDOCK_E2E_HOST", System.getenv("JDOCK_E2E_HOST"));
        assumeTrue(host != null && !host.isBlank(), "JDOCK_E2E_HOST is not set: no jdockd to test against");
        assertEquals(host, System.getenv("DOCKER_HOST"),
                "Testcontainers takes the daemon from the environment: run with DOCKER_HOST=" + host);
        assertEquals("true", System.getenv("TESTCONTAINERS_RYUK_DISABLED"),
                "run with TESTCONTAINERS_RYUK_DISABLED=true (the Ryuk image would have to be pulled)");
        assertTrue(DockerClientFactory.instance().isDockerAvailable(), "Testcontainers cannot use " + host);
    }

    @Test
    void genericContainer_execAndLogs() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withImagePullPolicy(NEVER_PULL)
                .withEnv("GREETING", "hello-tc")
                .withCommand("sh", "-c", "echo started-$GREETING; echo to-stderr >&2; exec sleep 300")) {
            c.start();
            assertTrue(c.isRunning(), "container running");
            ExecResult r = c.execInContainer("sh", "-c", "echo out-$GREETING; echo err >&2; exit 3");
            assertEquals(3, r.getExitCode(), "exec exit code");
            assertEquals("out-hello-tc\n", r.getStdout());
            assertEquals("err\n", r.getStderr());
            poll(() -> c.getLogs(OutputFrame.OutputType.STDOUT).contains("started-hello-tc"), "stdout log line");
            poll(() -> c.getLogs(OutputFrame.OutputType.STDERR).contains("to-stderr"), "stderr log line");
            String id = c.getContainerId();
            assertEquals("true", c.getContainerInfo().getConfig().getLabels().get("org.testcontainers"),
                    "Testcontainers' own label kept");
            c.stop();
            assertTrue(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true).exec().stream()
                    .noneMatch(x -> x.getId().equals(id)), "stop() removes the container");
        }
    }

    @Test
    void nginx_exposedPortServesThePage() throws Exception {
        try (GenericContainer<?> web = new GenericContainer<>(NGINX)
                .withImagePullPolicy(NEVER_PULL)
                .withExposedPorts(80)
                .waitingFor(Wait.forHttp("/").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(60)))) {
            web.start();
            int port = web.getMappedPort(80);
            assertTrue(port > 0, "mapped port " + port);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + web.getHost() + ":" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resp.statusCode());
            assertTrue(resp.body().contains("Welcome to nginx"), "nginx page: " + resp.body());
        }
    }

    @Test
    void copyToContainer_createsMissingParents_beforeAndAfterStart() throws Exception {
        // Testcontainers sends a tar with just the file (no entries for its parents), PUT at "/": once while the
        // container is created but not started, once while it runs
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withImagePullPolicy(NEVER_PULL)
                .withCopyToContainer(Transferable.of("before-start\n"), "/data/sub/host.txt")
                .withCommand("sleep", "300")) {
            c.start();
            c.copyFileToContainer(Transferable.of("after-start\n"), "/data/other/deeper/late.txt");
            ExecResult r = c.execInContainer("sh", "-c", "cat /data/sub/host.txt /data/other/deeper/late.txt");
            assertEquals("before-start\nafter-start\n", r.getStdout(), r.getStderr());
            String back = c.copyFileFromContainer("/data/sub/host.txt",
                    in -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("before-start\n", back);
        }
    }

    /** Testcontainers' ImageFromDockerfile (docker-java's BuildImageCmd, POST /build) then a container of it. */
    @Test
    void imageFromDockerfile_buildsAndRuns() throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile("jdock-tc-build", true)
                .withFileFromString("msg.txt", "built-by-testcontainers\n")
                .withDockerfileFromBuilder(b -> b.from("busybox:latest")
                        .copy("msg.txt", "/msg.txt")
                        .run("echo ran > /ran")
                        .cmd("sh", "-c", "cat /msg.txt /ran; exec sleep 300")
                        .build());
        try (GenericContainer<?> c = new GenericContainer<>(image).withImagePullPolicy(NEVER_PULL)) {
            c.start();
            poll(() -> c.getLogs().contains("built-by-testcontainers\nran"), "the built image's files");
        }
    }

    private static void poll(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
