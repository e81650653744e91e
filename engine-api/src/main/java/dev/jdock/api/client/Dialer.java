package dev.jdock.api.client;

import java.io.IOException;

/**
 * Opens a new {@link Connection} to the engine: the seam between {@link EngineClient} (HTTP) and the transport
 * (plain sockets from {@link DockerHost}, {@link TlsDialer}, {@link SshDialer}). Each request opens its own.
 */
@FunctionalInterface
public interface Dialer {
    Connection dial() throws IOException;
}
