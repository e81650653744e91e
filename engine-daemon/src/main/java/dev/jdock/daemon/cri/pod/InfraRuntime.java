package dev.jdock.daemon.cri.pod;

import java.time.Duration;

/**
 * Where a pod sandbox's infra process runs: {@code jdock-init --pause} under its own monitor, in the pod's network
 * namespace (or the host's), with new IPC and UTS namespaces (and pid, when the pod shares one), the sandbox's
 * hostname and cgroup parent. The seam between {@link PodSandboxes} and the native runtime.
 */
public interface InfraRuntime {

    /** The started infra process and its monitor, as host pids. */
    record Infra(int pid, int monitorPid) {
    }

    /** Launches and starts the infra process of {@code sandbox} (its netns already made when not host networking). */
    Infra start(PodSandbox sandbox);

    /** Stops it: SIGTERM, SIGKILL after {@code grace}; returns once it and its monitor are gone. No-op when gone. */
    void stop(PodSandbox sandbox, Duration grace);

    /** Whether the sandbox's infra process still runs (checked against its monitor, not only the pid). */
    boolean running(PodSandbox sandbox);

    /** Removes what the infra process left (its run directory, cgroups); it is stopped. */
    void cleanup(PodSandbox sandbox);
}
