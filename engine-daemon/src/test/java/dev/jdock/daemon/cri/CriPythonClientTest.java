package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.jdock.daemon.cri.container.FakeEngine;
import dev.jdock.daemon.cri.container.FakeImages;
import dev.jdock.daemon.cri.pod.FakePods;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.v1.CriApiProto;
import dev.jdock.daemon.server.ServerHeaders;
import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not grpc-java (Debian's python3-grpcio, the gRPC C core's HTTP/2, as the kubelet's grpc-go is
 * another) calls Version and Status on the CRI socket. Skipped where no python3 can import grpc.
 */
class CriPythonClientTest {
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");

    @TempDir
    Path dir;

    @Test
    void pythonGrpcioCallsVersionAndStatusOverTheUnixSocket() throws Exception {
        String python = PYTHONS.stream().filter(CriPythonClientTest::importsGrpc).findFirst().orElse(null);
        assumeTrue(python != null, "no python3 with grpcio (apt-get install python3-grpcio)");
        Path script = dir.resolve("cri_client.py");
        try (InputStream in = CriPythonClientTest.class.getResourceAsStream("/cri/cri_client.py")) {
            Files.copy(in, script);
        }
        Path descriptors = dir.resolve("api.desc");
        Files.write(descriptors, FileDescriptorSet.newBuilder().addFile(CriApiProto.getDescriptor().toProto())
                .build().toByteArray());
        Path cni = Files.createDirectories(dir.resolve("net.d"));

        PodSandboxes sandboxes = new FakePods().sandboxes(dir.resolve("sandboxes"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        try (CriServer server = CriServer.start(dir.resolve("cri.sock"), group, List.of(new CriRuntimeService(
                ServerHeaders.SERVER_VERSION, () -> Readiness.READY, new NetworkReadiness(cni)::check,
                sandboxes, new FakeEngine().containers(sandboxes, new FakeImages(), dir),
                FakeMetrics.none(new FakeEngine(), sandboxes),
                new CriEvents(new dev.jdock.daemon.events.EventBus(), sandboxes,
                        new FakeEngine().containers(sandboxes, new FakeImages(), dir)), "cgroupfs")))) {
            Process p = new ProcessBuilder(python, script.toString(), server.socket().toString(),
                    descriptors.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            JsonNode answer = new ObjectMapper().readTree(out);

            JsonNode version = answer.path("version");
            assertEquals("0.1.0", version.path("version").asText(), out);
            assertEquals("jdock", version.path("runtime_name").asText(), out);
            assertEquals(ServerHeaders.SERVER_VERSION, version.path("runtime_version").asText(), out);
            assertEquals("v1", version.path("runtime_api_version").asText(), out);
            Map<String, JsonNode> conditions = new HashMap<>();
            answer.path("status").path("status").path("conditions").forEach(c -> conditions.put(c.path("type")
                    .asText(), c));
            assertEquals(true, conditions.get("RuntimeReady").path("status").asBoolean(), out);
            // proto3 JSON leaves a false bool out
            assertEquals(false, conditions.get("NetworkReady").path("status").asBoolean(), out);
            assertEquals("NetworkPluginNotReady", conditions.get("NetworkReady").path("reason").asText(), out);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static boolean importsGrpc(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import grpc").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
