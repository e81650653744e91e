package dev.jdock.api.client;

import java.io.IOException;

/** The engine socket could not be connected (daemon not running, wrong -H, permissions). */
public final class DaemonUnreachableException extends IOException {
    private final transient DockerHost host;

    public DaemonUnreachableException(DockerHost host, IOException cause) {
        super("Cannot connect to the jdock daemon at " + host + ". Is the jdock daemon running?", cause);
        this.host = host;
    }

    public DockerHost host() {
        return host;
    }
}
