package dev.jdock.daemon.cri.stream;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** What the streaming server runs its sessions on: the daemon's exec and attach, and the pods' network. */
public interface StreamTargets extends AutoCloseable {
    /** What a request is checked against: a container's state and streams. */
    record ContainerInfo(String id, boolean running, boolean tty, boolean openStdin) {
    }

    /** The container {@code id} (NOT_FOUND EngineException when there is none). */
    ContainerInfo container(String id);

    /** Whether the pod sandbox {@code id} is ready (NOT_FOUND EngineException when there is none). */
    boolean sandboxReady(String id);

    /** Runs the exec until its process exits (or the client goes: it is then killed); returns the exit code. */
    int exec(StreamRequest.Exec request, RemoteStreams streams);

    /** Attaches to the container's main process until it exits or the client goes. */
    void attach(StreamRequest.Attach request, RemoteStreams streams);

    /** A connection to {@code 127.0.0.1:port} in the pod's network namespace (the host's for a host-network pod). */
    SocketChannel dial(String sandboxId, int port) throws IOException;

    /** Releases what the targets hold (a dial thread); nothing by default. */
    @Override
    default void close() {
    }
}
