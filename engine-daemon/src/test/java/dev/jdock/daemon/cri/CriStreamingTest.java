package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.stream.FakeTargets;
import dev.jdock.daemon.cri.stream.RequestCache;
import dev.jdock.daemon.cri.stream.StreamingServer;
import dev.jdock.daemon.cri.v1.AttachRequest;
import dev.jdock.daemon.cri.v1.ExecRequest;
import dev.jdock.daemon.cri.v1.PortForwardRequest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec, Attach and PortForward's checks before a URL is given, and the URLs (the containers are FakeTargets'). */
class CriStreamingTest {
    private EventLoopGroup group;
    private StreamingServer server;
    private CriStreaming streaming;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        FakeTargets targets = new FakeTargets();
        server = new StreamingServer(new RequestCache(), targets, StreamingServer.Limits.DEFAULT);
        server.start(StreamingServer.DEFAULT_ADDRESS, null, group);
        streaming = new CriStreaming(server, targets);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static ExecRequest.Builder exec(String id) {
        return ExecRequest.newBuilder().setContainerId(id).addCmd("true").setStdout(true);
    }

    @Test
    void aValidRequestGetsAUrlOfItsKind() {
        assertTrue(streaming.exec(exec("c1").build()).matches("http://127\\.0\\.0\\.1:\\d+/exec/[\\w-]{22}"));
        assertTrue(streaming.attach(AttachRequest.newBuilder().setContainerId("c1").setStdout(true).build())
                .contains("/attach/"));
        assertTrue(streaming.portForward(PortForwardRequest.newBuilder().setPodSandboxId("p").addPort(80).build())
                .contains("/portforward/"));
    }

    @Test
    void invalidRequestsAreRefusedAsTheKubeletRefusesThem() {
        assertKind(ErrorKind.INVALID_PARAMETER, () -> streaming.exec(exec("").build()));
        assertKind(ErrorKind.INVALID_PARAMETER, () -> streaming.exec(exec("c1").setTty(true).setStderr(true).build()));
        assertKind(ErrorKind.INVALID_PARAMETER, () -> streaming.exec(exec("c1").setStdout(false).build()));
        assertKind(ErrorKind.INVALID_PARAMETER, () -> streaming.exec(exec("c1").clearCmd().build()));
        assertKind(ErrorKind.INVALID_PARAMETER, () -> streaming.portForward(PortForwardRequest.newBuilder()
                .setPodSandboxId("p").addPort(70000).build()));
        assertKind(ErrorKind.NOT_FOUND, () -> streaming.exec(exec("gone").build()));
        assertKind(ErrorKind.CONFLICT, () -> streaming.exec(exec("stopped").build()));
        assertKind(ErrorKind.CONFLICT, () -> streaming.attach(AttachRequest.newBuilder().setContainerId("stopped")
                .setStdin(true).build()));
        assertKind(ErrorKind.NOT_FOUND, () -> streaming.portForward(PortForwardRequest.newBuilder()
                .setPodSandboxId("gone").build()));
        assertKind(ErrorKind.CONFLICT, () -> streaming.portForward(PortForwardRequest.newBuilder()
                .setPodSandboxId("stopped").build()));
        assertEquals("FAILED_PRECONDITION", CriStatus.of(assertThrows(EngineException.class,
                () -> streaming.exec(exec("stopped").build())), "").getStatus().getCode().name());
    }

    @Test
    void aFullRequestCacheIsResourceExhausted() throws Exception {
        server.close();
        server = new StreamingServer(new RequestCache(), new FakeTargets(),
                new StreamingServer.Limits(1, Duration.ofMinutes(1), Duration.ofSeconds(1)));
        server.start(StreamingServer.DEFAULT_ADDRESS, null, group);
        streaming = new CriStreaming(server, new FakeTargets());
        for (int i = 0; i < RequestCache.MAX_ENTRIES; i++) {
            streaming.exec(exec("c1").build());
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> streaming.exec(exec("c1").build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    }

    private static void assertKind(ErrorKind kind, org.junit.jupiter.api.function.Executable call) {
        assertEquals(kind, assertThrows(EngineException.class, call).kind());
    }
}
