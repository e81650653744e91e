package dev.jdock.daemon.container;

/** Where {@link ContainerRouter} reports each container start request that succeeded (the metrics seam). */
@FunctionalInterface
public interface StartMetrics {
    /** A start request brought its container to running after {@code nanos}. */
    void started(long nanos);
}
