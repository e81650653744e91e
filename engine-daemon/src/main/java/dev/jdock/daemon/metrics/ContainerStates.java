package dev.jdock.daemon.metrics;

/** Containers by state, as dockerd counts them for its metrics (created, exited and dead ones are stopped). */
public record ContainerStates(int running, int paused, int stopped) {
}
