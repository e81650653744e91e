package dev.jdock.daemon.registry;

/** Where pulls report what they fetched and how long they took (the metrics seam). Never blocks. */
public interface PullMetrics {
    /** {@code n} more bytes of blobs (layers, configs) received from a registry. */
    void bytes(long n);

    /** A pull (manifest to registered image) succeeded after {@code nanos}. */
    void pulled(long nanos);
}
