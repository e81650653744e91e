package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.ContainerStatus;

/**
 * A container's run state, one exclusive status (no independent Running/Paused/Dead flags): stored as
 * {@code containers/<id>/state.json}, replaced atomically on every change.
 */
public record ContainerRunState(
        @JsonProperty("Status") ContainerStatus status,
        @JsonProperty("Pid") int pid,
        @JsonProperty("MonitorPid") int monitorPid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("RestartCount") int restartCount) {

    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public ContainerRunState {
        error = error == null ? "" : error;
        startedAt = startedAt == null ? ZERO_TIME : startedAt;
        finishedAt = finishedAt == null ? ZERO_TIME : finishedAt;
    }

    public static ContainerRunState created() {
        return new ContainerRunState(ContainerStatus.CREATED, 0, 0, 0, "", ZERO_TIME, ZERO_TIME, false, 0);
    }

    public boolean isRunning() {
        return status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED;
    }

    public ContainerRunState running(int newPid, int newMonitorPid, String startedAtTime) {
        return new ContainerRunState(ContainerStatus.RUNNING, newPid, newMonitorPid, 0, "", startedAtTime, finishedAt,
                false, restartCount);
    }

    public ContainerRunState exited(int code, String err, String finishedAtTime, boolean oom) {
        return new ContainerRunState(ContainerStatus.EXITED, 0, 0, code, err, startedAt, finishedAtTime, oom,
                restartCount);
    }

    public ContainerRunState withStatus(ContainerStatus s) {
        return new ContainerRunState(s, pid, monitorPid, exitCode, error, startedAt, finishedAt, oomKilled,
                restartCount);
    }
}
