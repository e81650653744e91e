package dev.jdock.daemon.container;

import java.time.Instant;
import java.util.Optional;

/**
 * The container feature's seam to the native runtime: cgroups, the OCI-like spec, the monitor process. The real one
 * is {@link NativeRuntimeBackend}; tests use a fake.
 */
public interface RuntimeBackend {
    /** Sets up cgroups and the spec and creates the container's process, held before exec until START. */
    Launched launch(Container c);

    /** A new session to the container's running monitor (one per attach). */
    MonitorSession connect(Container c);

    /** After a daemon restart: a session to the monitor if it still runs. */
    Optional<MonitorSession> reconnect(Container c);

    /** The exit the monitor recorded, if it has exited. */
    Optional<ExitInfo> recordedExit(Container c);

    void kill(Container c, int signal);

    /** Releases what the process used (cgroups, run directory) once it has exited. */
    void cleanup(Container c);

    /**
     * Ends a launched process that will never be started (a later start step failed): its monitor is stopped, which
     * kills the held child, and awaited, so that {@link #cleanup} does not race the monitor's own last writes.
     */
    void abandon(Launched l);

    /** Freezes every process of the container (cgroup freezer). */
    default void pause(Container c) {
        throw dev.jdock.daemon.errors.EngineException.system("pause is not supported by this runtime", null);
    }

    /** Thaws a frozen container. */
    default void resume(Container c) {
        throw dev.jdock.daemon.errors.EngineException.system("unpause is not supported by this runtime", null);
    }

    /** Applies the resource limits of {@code hc} to the running container's cgroup. */
    default void updateResources(Container c, dev.jdock.api.types.container.HostConfig hc) {
        throw dev.jdock.daemon.errors.EngineException.system("update is not supported by this runtime", null);
    }

    /** What {@link #launch} returns: the held process and the session that will release it. */
    record Launched(int pid, int monitorPid, MonitorSession session) {
    }

    /** How a container process ended. */
    record ExitInfo(int exitCode, Instant finishedAt, boolean oomKilled, String error) {
    }

    /** Thrown by {@link MonitorSession#start} when the process could not be executed (127, 126). */
    final class StartFailedException extends RuntimeException {
        private final int exitCode;

        public StartFailedException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
