package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.ContainerStatus;

/**
 * A container's run state, one exclusive status (no independent Running/Paused/Dead flags): stored as
 * {@code containers/<id>/state.json}, replaced atomically on every change.
 *
 * @param manuallyStopped moby's HasBeenManuallyStopped: the user stopped or killed it (unless-stopped then stays down)
 * @param health the healthcheck state, null when the container has no healthcheck
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
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("ManuallyStopped") boolean manuallyStopped,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") HealthState health) {

    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public ContainerRunState {
        error = error == null ? "" : error;
        startedAt = startedAt == null ? ZERO_TIME : startedAt;
        finishedAt = finishedAt == null ? ZERO_TIME : finishedAt;
    }

    public ContainerRunState(ContainerStatus status, int pid, int monitorPid, int exitCode, String error,
            String startedAt, String finishedAt, boolean oomKilled, int restartCount) {
        this(status, pid, monitorPid, exitCode, error, startedAt, finishedAt, oomKilled, restartCount, false, null);
    }

    public static ContainerRunState created() {
        return new ContainerRunState(ContainerStatus.CREATED, 0, 0, 0, "", ZERO_TIME, ZERO_TIME, false, 0);
    }

    @JsonIgnore // derived from Status: never persisted
    public boolean isRunning() {
        return status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED;
    }

    public ContainerRunState running(int newPid, int newMonitorPid, String startedAtTime) {
        return new ContainerRunState(ContainerStatus.RUNNING, newPid, newMonitorPid, 0, "", startedAtTime, finishedAt,
                false, restartCount, manuallyStopped, health);
    }

    public ContainerRunState exited(int code, String err, String finishedAtTime, boolean oom) {
        return new ContainerRunState(ContainerStatus.EXITED, 0, 0, code, err, startedAt, finishedAtTime, oom,
                restartCount, manuallyStopped, health);
    }

    public ContainerRunState withStatus(ContainerStatus s) {
        return new ContainerRunState(s, pid, monitorPid, exitCode, error, startedAt, finishedAt, oomKilled,
                restartCount, manuallyStopped, health);
    }

    /** Waiting for the restart policy's back-off: no process, the last exit kept, one more restart counted. */
    public ContainerRunState restarting() {
        return new ContainerRunState(ContainerStatus.RESTARTING, 0, 0, exitCode, error, startedAt, finishedAt,
                oomKilled, restartCount + 1, manuallyStopped, health);
    }

    public ContainerRunState withRestartCount(int n) {
        return new ContainerRunState(status, pid, monitorPid, exitCode, error, startedAt, finishedAt, oomKilled,
                n, manuallyStopped, health);
    }

    public ContainerRunState withManuallyStopped(boolean stopped) {
        return new ContainerRunState(status, pid, monitorPid, exitCode, error, startedAt, finishedAt, oomKilled,
                restartCount, stopped, health);
    }

    public ContainerRunState withHealth(HealthState h) {
        return new ContainerRunState(status, pid, monitorPid, exitCode, error, startedAt, finishedAt, oomKilled,
                restartCount, manuallyStopped, h);
    }
}
