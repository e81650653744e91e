package dev.jdock.cli.reply;

import dev.jdock.api.types.container.PortBinding;

/** One host binding of a container port in an inspect's {@code NetworkSettings.Ports} ({@link PortBinding}). */
@ViewOf(PortBinding.class)
public final class PortBindingView extends JsonView {
    static final String HOST_IP = "HostIp";
    static final String HOST_PORT = "HostPort";

    PortBindingView(Object json) {
        super(json);
    }

    public String hostIp() {
        return str(HOST_IP);
    }

    public String hostPort() {
        return str(HOST_PORT);
    }
}
