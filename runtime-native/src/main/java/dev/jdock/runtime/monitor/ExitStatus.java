package dev.jdock.runtime.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** How a container ended: exit code (128 + signal when killed), when, whether the kernel OOM-killed in its cgroup. */
public record ExitStatus(int exitCode, Instant finishedAt, boolean oomKilled, Optional<String> error) {
    public ExitStatus {
        Objects.requireNonNull(finishedAt, "finishedAt");
        error = Objects.requireNonNull(error, "error");
    }
}
