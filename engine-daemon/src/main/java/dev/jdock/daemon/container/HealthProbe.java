package dev.jdock.daemon.container;

import java.time.Duration;
import java.util.List;

/** Runs a healthcheck command inside a running container (the exec feature provides it). */
@FunctionalInterface
public interface HealthProbe {
    /**
     * Runs {@code cmd} (already resolved: {@code CMD-SHELL} is {@code /bin/sh -c ...}) and waits at most
     * {@code timeout}; on timeout the process is killed and the result is exit code -1 with moby's message.
     * Output is stdout and stderr together, at most 4096 bytes.
     */
    Result run(Container c, List<String> cmd, Duration timeout);

    record Result(int exitCode, String output) {
    }
}
