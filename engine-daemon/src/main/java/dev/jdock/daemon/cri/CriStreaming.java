package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.stream.RequestCache;
import dev.jdock.daemon.cri.stream.StreamRequest;
import dev.jdock.daemon.cri.stream.StreamTargets;
import dev.jdock.daemon.cri.stream.StreamingServer;
import dev.jdock.daemon.cri.v1.AttachRequest;
import dev.jdock.daemon.cri.v1.ExecRequest;
import dev.jdock.daemon.cri.v1.PortForwardRequest;
import dev.jdock.daemon.errors.EngineException;
import io.grpc.Status;

/**
 * Exec, Attach and PortForward: the request is checked as the kubelet's streaming server and containerd check it,
 * then kept under a token of the {@link StreamingServer}, whose URL is the answer.
 */
final class CriStreaming {
    private final StreamingServer server;
    private final StreamTargets targets;

    CriStreaming(StreamingServer server, StreamTargets targets) {
        this.server = server;
        this.targets = targets;
    }

    String exec(ExecRequest r) {
        checkStreams(r.getContainerId(), r.getTty(), r.getStdin(), r.getStdout(), r.getStderr());
        if (r.getCmdCount() == 0 || r.getCmd(0).isEmpty()) {
            throw EngineException.invalid("missing required cmd");
        }
        String id = running(r.getContainerId());
        return url(new StreamRequest.Exec(id, r.getCmdList(), r.getTty(), r.getStdin(), r.getStdout(),
                r.getStderr()));
    }

    String attach(AttachRequest r) {
        checkStreams(r.getContainerId(), r.getTty(), r.getStdin(), r.getStdout(), r.getStderr());
        String id = running(r.getContainerId());
        return url(new StreamRequest.Attach(id, r.getTty(), r.getStdin(), r.getStdout(), r.getStderr()));
    }

    String portForward(PortForwardRequest r) {
        if (r.getPodSandboxId().isEmpty()) {
            throw EngineException.invalid("missing required pod_sandbox_id");
        }
        for (int p : r.getPortList()) {
            if (p < 1 || p > 65535) {
                throw EngineException.invalid("invalid port " + p);
            }
        }
        if (!targets.sandboxReady(r.getPodSandboxId())) {
            throw EngineException.conflict("sandbox container \"" + r.getPodSandboxId() + "\" is not running");
        }
        return url(new StreamRequest.PortForward(r.getPodSandboxId(), r.getPortList()));
    }

    /** The kubelet's validateExecRequest / validateAttachRequest. */
    private static void checkStreams(String id, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        if (id.isEmpty()) {
            throw EngineException.invalid("missing required container_id");
        }
        if (tty && stderr) {
            throw EngineException.invalid("tty and stderr cannot both be true");
        }
        if (!stdin && !stdout && !stderr) {
            throw EngineException.invalid("one of stdin, stdout, or stderr must be set");
        }
    }

    /** The full ID of a running container (NOT_FOUND, or FAILED_PRECONDITION when it does not run). */
    private String running(String ref) {
        StreamTargets.ContainerInfo c = targets.container(ref);
        if (!c.running()) {
            throw EngineException.conflict("container " + c.id() + " is not running");
        }
        return c.id();
    }

    /** The streaming server's base URL ("" before it listens). */
    String baseUrl() {
        return server.baseUrl();
    }

    private String url(StreamRequest r) {
        try {
            return server.url(r);
        } catch (RequestCache.FullException e) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException();
        }
    }
}
