package dev.jdock.daemon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;
import org.testcontainers.shaded.com.github.dockerjava.core.DefaultDockerClientConfig;
import org.testcontainers.shaded.com.github.dockerjava.core.DockerClientImpl;

/**
 * docker-java as its users build it: docker-java-core's {@code DockerClientImpl} (the copy Testcontainers ships,
 * relocated under {@code org.testcontainers.shaded}) over the zerodep transport, the pair Testcontainers itself uses.
 *
 * <p>The daemon is {@code JDOCK_E2E_HOST} (system property or environment). The same suites run against a reference
 * dockerd by pointing that variable at it; {@link #legacy()} tells a dockerd older than the API version jdockd
 * reports (Debian's 20.10, API 1.41), whose messages predate the ones jdockd follows (moby 27, API 1.47).
 */
final class DockerJava {
    static final String BUSYBOX = "busybox:latest";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SUBNETS = new AtomicInteger((int) (ProcessHandle.current().pid() % 200));

    private DockerJava() {
    }

    static String host() {
        String host = System.getProperty("JDOCK_E2E_HOST", System.getenv("JDOCK_E2E_HOST"));
        assumeTrue(host != null && !host.isBlank(), "JDOCK_E2E_HOST is not set: no daemon to test against");
        return host;
    }

    /** A client at {@code apiVersion}, or unversioned paths (docker-java's default) when it is null. */
    static DockerClient client(String apiVersion) {
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host()).withDockerTlsVerify(false);
        if (apiVersion != null) {
            b.withApiVersion(apiVersion);
        }
        DefaultDockerClientConfig config = b.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofSeconds(60)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** True against a dockerd that reports API 1.41 (20.10), whose messages differ from moby 27's in places. */
    static boolean legacy(DockerClient docker) {
        return "1.41".equals(docker.versionCmd().exec().getApiVersion());
    }

    /**
     * An explicit /24 for a test network: on a host shared with other daemons the default pools can all be taken by
     * their bridges (dockerd and jdockd then refuse a network without IPAM config).
     */
    static Network.Ipam subnet() {
        int n = SUBNETS.getAndIncrement() % 250;
        return new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("10.218." + n + ".0/24"));
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime() & 0xffffffffL);
    }

    /** Runs {@code call}, expects docker-java to raise {@code type} and returns the daemon's {@code message}. */
    static <T extends DockerException> String fails(Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        return message(e);
    }

    static <T extends DockerException> void fails(Class<T> type, String expected, Executable call) {
        assertEquals(expected, fails(type, call), "message of " + type.getSimpleName());
    }

    /** docker-java puts "Status N: BODY" in the message; the daemon's text is BODY's {@code message}. */
    static String message(DockerException e) {
        String m = e.getMessage();
        String prefix = "Status " + e.getHttpStatus() + ": ";
        String body = m.startsWith(prefix) ? m.substring(prefix.length()).trim() : m.trim();
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.has("message") ? n.get("message").asText() : body;
        } catch (IOException notJson) {
            return body;
        }
    }

    static void poll(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Collects the frames of a logs/attach/exec stream. */
    static final class Frames extends ResultCallback.Adapter<Frame> {
        final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onNext(Frame f) {
            frames.add(f);
        }

        String text(StreamType type) {
            StringBuilder sb = new StringBuilder();
            synchronized (frames) {
                frames.stream().filter(f -> f.getStreamType() == type)
                        .forEach(f -> sb.append(new String(f.getPayload(), StandardCharsets.UTF_8)));
            }
            return sb.toString();
        }

        Frames await() throws InterruptedException {
            if (!awaitCompletion(30, TimeUnit.SECONDS)) {
                throw new AssertionError("stream did not end within 30 s; frames so far: " + frames);
            }
            return this;
        }
    }
}
