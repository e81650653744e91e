package dev.jdock.daemon.container;

import java.time.Instant;
import java.util.Optional;

/**
 * The container feature's seam to the native runtime: cgroups, the OCI-like spec, the monitor process. The real one
 * is {@link NativeRuntimeBackend}; tests use a fake.
 */
public interface RuntimeBackend {
    /** The cgroup driver containers are placed with ({@code cgroupfs} or {@code systemd}), for create's checks. */
    default String cgroupDriver() {
        return "cgroupfs";
    }

    /**
     * Inspect's {@code AppArmorProfile}: the profile the container runs (or ran) under where the host has AppArmor,
     * empty where it has none (a runtime that applies no profile).
     */
    default String appArmorProfile(Container c) {
        return "";
    }

    /** Sets up cgroups and the spec and creates the container's process, held before exec until START. */
    Launched launch(Container c);

    /** See {@link ContainerBackend#checkLogger}: the logger of {@code c} as a start would make it, or its error. */
    default void checkLogger(Container c) {
    }

    /**
     * The network namespace of the process {@code l} holds, for the network feature's work before START: a path
     * valid until {@code l.joined()} is closed. 500 when the process has gone.
     */
    default String netns(Launched l) {
        return "/proc/" + l.pid() + "/ns/net";
    }

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

    /**
     * What the container's monitor and the kernel show of it (for a restarted jdockd, which reconciles its record
     * with this: {@link ContainerRestore}). A runtime without processes of its own reports {@link Probe#NOTHING}.
     */
    default Probe probe(Container c) {
        return Probe.NOTHING;
    }

    /**
     * The outcome of the last launch is in the container's record (running, or the failure): the launch intent,
     * written before anything of the launch exists, is dropped.
     */
    default void launchSettled(Container c) {
    }

    /**
     * Ends whatever of the container still exists without the daemon wanting it (a monitor holding a process that
     * was never started, processes whose monitor is gone): the monitor and every process of the container are
     * killed, then {@link #cleanup} runs. Idempotent; nothing to do is fine.
     */
    default void discard(Container c) {
        cleanup(c);
    }

    /**
     * At daemon start: ends and removes what the runtime holds for containers that no longer exist (a run directory
     * whose container was removed by a daemon killed before it cleaned up): monitor, processes, cgroups, files.
     */
    default void discardUnknown(java.util.Set<String> knownIds) {
    }

    /** Freezes every process of the container (cgroup freezer). */
    default void pause(Container c) {
        throw dev.jdock.daemon.errors.EngineException.system("pause is not supported by this runtime", null);
    }

    /** Thaws a frozen container. */
    /** Whether the container's processes are frozen (paused), whatever its record says. */
    default boolean paused(Container c) {
        return false;
    }

    default void resume(Container c) {
        throw dev.jdock.daemon.errors.EngineException.system("unpause is not supported by this runtime", null);
    }

    /** Applies the resource limits of {@code hc} to the running container's cgroup. */
    default void updateResources(Container c, dev.jdock.api.types.container.HostConfig hc) {
        throw dev.jdock.daemon.errors.EngineException.system("update is not supported by this runtime", null);
    }

    /**
     * What {@link #launch} returns: the held process, the session that will release it, and the other containers'
     * namespaces it joins, which the caller holds until the start is decided, then closes.
     */
    record Launched(int pid, int monitorPid, MonitorSession session, JoinedNamespaces joined) {
        Launched(int pid, int monitorPid, MonitorSession session) {
            this(pid, monitorPid, session, JoinedNamespaces.none());
        }
    }

    /**
     * What {@link #probe} saw.
     *
     * @param kind          what runs
     * @param pid           the container's process ({@link Kind#RUNNING}, {@link Kind#HELD}), else 0
     * @param monitorPid    its monitor, or 0
     * @param startedAt     when the process was executed ({@link Kind#RUNNING})
     * @param launchedAt    when the last launch began, if its outcome was never recorded (the launch intent)
     */
    record Probe(Kind kind, int pid, int monitorPid, Optional<Instant> startedAt, Optional<Instant> launchedAt) {
        public static final Probe NOTHING = new Probe(Kind.NOTHING, 0, 0, Optional.empty(), Optional.empty());

        /** The kinds of what a container can have left, from nothing to a running process. */
        public enum Kind {
            /** No monitor, no process, no cgroup or run files. */
            NOTHING,
            /** No monitor and no process, but cgroups, run files, a launch intent or a host mount remain. */
            LEFTOVERS,
            /** Processes in the container's cgroups without their monitor (it was killed). */
            ORPHANS,
            /** A live monitor whose process was never started (held before exec). */
            HELD,
            /** A live monitor that does not answer the STATUS question (one older than it, or wedged). */
            SILENT,
            /** A live monitor whose process was executed and runs. */
            RUNNING
        }
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
