package dev.jdock.api.types.exec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /containers/{id}/exec} (moby's {@code ExecConfig}, {@code container.ExecOptions} since 28):
 * the fields Docker's clients send; unknown ones are ignored. Strings and lists are never null (Go's zero values).
 */
public record ExecConfig(
        @JsonProperty("User") String user,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("Detach") boolean detach,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Cmd") List<String> cmd) {

    public ExecConfig {
        user = user == null ? "" : user;
        detachKeys = detachKeys == null ? "" : detachKeys;
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
    }
}
