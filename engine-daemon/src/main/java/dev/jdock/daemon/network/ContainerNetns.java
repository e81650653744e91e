package dev.jdock.daemon.network;

import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerProcesses;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.nio.file.Path;

/**
 * The network namespace of a running container, held open while the daemon works in it (connect, disconnect, the
 * default route, the embedded DNS), as a path valid until {@link #close}.
 */
interface ContainerNetns extends AutoCloseable {
    /** A path to the namespace, valid until {@link #close}. */
    String path();

    @Override
    void close();

    /** How the connections open a container's namespace ({@link #verified} in the daemon). */
    @FunctionalInterface
    interface Opener {
        ContainerNetns open(Container c);
    }

    /**
     * Opened through the descriptor of the container's process's {@code /proc} directory after a check that the
     * process is the container's ({@link ContainerProcesses}); the path is that daemon descriptor's,
     * {@code /proc/self/fd/N}. {@code /proc/<pid>/ns/net} by path reached whatever process had the pid by then: one
     * that took it after the container's process exited and before the daemon heard of the exit would have had the
     * container's interface, address and routes put in its namespace. 409 "is not running" when the process has
     * gone or is not the container's.
     */
    static ContainerNetns verified(Container c) {
        Fd fd = ContainerProcesses.open(Path.of("/proc"), c.state().pid(), c.id(), c.record().cgroupParent(),
                "ns/net", Fs.O_RDONLY).orElseThrow(
                        () -> EngineException.conflict("Container " + c.id() + " is not running"));
        return new ContainerNetns() {
            @Override
            public String path() {
                return "/proc/self/fd/" + fd.get();
            }

            @Override
            public void close() {
                fd.close();
            }
        };
    }
}
