package dev.jdock.daemon.cri.stream;

import java.util.List;

/** What an Exec, Attach or PortForward call asked for, kept under a token until the client connects. */
public sealed interface StreamRequest {
    /** The URL path segment of the kind: {@code /exec/<token>}. */
    String kind();

    /** The CRI's ExecRequest: {@code cmd} in container {@code containerId}. */
    record Exec(String containerId, List<String> cmd, boolean tty, boolean stdin, boolean stdout, boolean stderr)
            implements StreamRequest {
        public Exec {
            cmd = List.copyOf(cmd);
        }

        @Override
        public String kind() {
            return "exec";
        }
    }

    /** The CRI's AttachRequest: the main process of {@code containerId}. */
    record Attach(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr)
            implements StreamRequest {
        @Override
        public String kind() {
            return "attach";
        }
    }

    /**
     * The CRI's PortForwardRequest: ports of the pod {@code sandboxId} (a SPDY client names them per stream; over
     * WebSocket the URL's query names them, else these).
     */
    record PortForward(String sandboxId, List<Integer> ports) implements StreamRequest {
        public PortForward {
            ports = List.copyOf(ports);
        }

        @Override
        public String kind() {
            return "portforward";
        }
    }
}
