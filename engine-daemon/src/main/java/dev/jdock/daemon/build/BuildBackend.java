package dev.jdock.daemon.build;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/** What {@link BuildRouter} needs: the {@link Builder}, or a fake in tests. */
public interface BuildBackend {
    /**
     * Runs a build of the context tar {@code context}, reporting to {@code out}; stops when {@code cancel}
     * completes (the client went away). Failures go to {@code out} (thrown from it while nothing was sent).
     */
    void build(BuildOptions options, InputStream context, BuildOutput out, CompletableFuture<Void> cancel);

    StepCache cache();
}
