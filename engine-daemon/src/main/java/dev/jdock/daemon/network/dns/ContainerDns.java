package dev.jdock.daemon.network.dns;

/** Per-container DNS servers on user-defined networks, as the network feature starts and stops them. */
public interface ContainerDns {
    /** Serves the container in its netns at {@code nsPath}; nothing when it is served already. */
    void start(String containerId, String nsPath);

    /** Stops serving the container; nothing when it was not served. */
    void stop(String containerId);
}
