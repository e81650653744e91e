package dev.jdock.api.types.exec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The reply to {@code GET /exec/{id}/json}. {@code ExitCode} is null until the process exited; {@code Pid} is the
 * host pid once started (0 before). No field is omitempty.
 */
public record ExecInspect(
        @JsonProperty("ID") String id,
        @JsonProperty("Running") boolean running,
        @JsonProperty("ExitCode") Integer exitCode,
        @JsonProperty("ProcessConfig") ExecProcessConfig processConfig,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("OpenStderr") boolean openStderr,
        @JsonProperty("OpenStdout") boolean openStdout,
        @JsonProperty("CanRemove") boolean canRemove,
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Pid") int pid) {

    public ExecInspect {
        id = id == null ? "" : id;
        containerId = containerId == null ? "" : containerId;
        detachKeys = detachKeys == null ? "" : detachKeys;
    }
}
