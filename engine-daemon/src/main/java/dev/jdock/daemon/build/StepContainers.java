package dev.jdock.daemon.build;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.archive.ArchiveExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * What a build does with containers and roots: a RUN step runs in a container of the daemon's own runtime (same
 * isolation, network and limits as any container); a COPY or ADD writes into a root of the image with no container
 * at all (a snapshot of its layers, named by a key); either is then committed as a layer. A container's root is the
 * snapshot named by its ID, so the root operations take either. The daemon's container, archive and image services,
 * or a fake in tests.
 */
interface StepContainers {
    /** Creates a step container (not started); returns its ID. */
    String create(ContainerCreateRequest request);

    /**
     * Starts the container and copies what it writes to {@code framed} (stdout and stderr in attach frames) until it
     * exits; returns its exit code. When {@code cancel} completes the container is killed.
     */
    int run(String id, OutputStream framed, CompletableFuture<Void> cancel) throws IOException;

    /**
     * A writable root of {@code imageId}'s layers (null: empty, FROM scratch) that no process uses; returns its key.
     * {@link #removeRoot} removes it.
     */
    String prepareRoot(String imageId);

    /** Removes a root {@link #prepareRoot} made; absent is fine. */
    void removeRoot(String key);

    /** Extracts {@code tar} (names relative to "/") into the root {@code key}, owned by {@code owner}. */
    void copyInto(String id, ArchiveExtractor.Owner owner, InputStream tar);

    /** Extracts the (maybe compressed) archive {@code tar} into the existing directory {@code dir}. */
    void extractInto(String id, String dir, ArchiveExtractor.Owner owner, InputStream tar);

    /** The ids of {@code user:group} (names or ids) in the container's own /etc/passwd and /etc/group. */
    ArchiveExtractor.Owner owner(String id, String userAndGroup);

    /** Whether {@code path} is a directory in the container's root (symlinks followed inside it). */
    boolean isDirectory(String id, String path);

    /**
     * Commits the container's changes as one layer on top of {@code parentImage}: the image's config is
     * {@code config}, its history entry says {@code createdBy}, its author is {@code author} (MAINTAINER's, or
     * null); returns the new image ID.
     */
    String commit(String id, String parentImage, ImageContainerConfig config, String createdBy,
            ContainerConfig containerConfig, String author);

    /**
     * The root filesystem of {@code imageId}, read-only until closed (a COPY --from source): through a container
     * that never runs, removed on close.
     */
    SourceRoot openImage(String imageId);

    /** A root directory to copy from, open until closed. */
    interface SourceRoot extends AutoCloseable {
        dev.jdock.runtime.fs.Fd root();

        @Override
        void close();
    }

    /**
     * Removes the step containers a killed daemon's builds left running or never started (no build outlives the
     * daemon that ran it; live-restore kept their processes); they carry {@link #STEP_LABEL}. A failed step's
     * stopped container stays, as moby keeps it. Returns how many.
     */
    int removeLeftovers();

    /** The label every step container carries. */
    String STEP_LABEL = "dev.jdock.build.step";

    /** Removes the container (and its anonymous volumes); absent is fine. */
    void remove(String id);
}
