package dev.jdock.daemon.build;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.archive.ArchiveExtractor;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.archive.ArchiveService;
import dev.jdock.daemon.archive.ContainerRootAccess;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.ContainerService;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.image.ImageCommitter;
import dev.jdock.daemon.image.ImageService;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** {@link StepContainers} on the daemon's container, archive and image services. */
final class DaemonSteps implements StepContainers {
    private static final int SIGKILL = 9;
    /** The snapshot keys of build roots (containers' keys are their 64-hex IDs). */
    static final String ROOT_PREFIX = "build-";
    /**
     * overlayfs copies up metadata only when this is on (kernel default off): an upper directory then holds files
     * whose data is below, and cannot become a layer as it is.
     */
    private static final boolean METACOPY = metacopy(Path.of("/sys/module/overlay/parameters/metacopy"));

    static boolean metacopy(Path parameter) {
        try {
            return Files.readString(parameter).trim().equals("Y");
        } catch (IOException e) {
            return false; // no such parameter: a kernel without metacopy
        }
    }
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final ContainerService containers;
    private final ArchiveService archives;
    private final ImageService images;

    DaemonSteps(ContainerService containers, ArchiveService archives, ImageService images) {
        this.containers = containers;
        this.archives = archives;
        this.images = images;
    }

    @Override
    public String create(ContainerCreateRequest request) {
        return containers.create(null, request).id();
    }

    @Override
    public int run(String id, OutputStream framed, CompletableFuture<Void> cancel) throws IOException {
        Container c = containers.get(id);
        containers.start(c);
        CompletableFuture<Void> killed = cancel.thenRun(() -> {
            try {
                containers.kill(c, SIGKILL);
            } catch (EngineException e) {
                // exited meanwhile
            }
        });
        try {
            containers.followOutput(c, framed, cancel);
            ContainerRunState end = containers.waitFor(c, "not-running").get();
            return end.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted while running a build step", e);
        } catch (ExecutionException e) {
            throw EngineException.system("build step: " + e.getCause(), e.getCause());
        } finally {
            killed.cancel(false);
        }
    }

    @Override
    public String prepareRoot(String imageId) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String key = ROOT_PREFIX + java.util.HexFormat.of().formatHex(random);
        images.snapshotter().prepare(key, imageId == null ? null : images.chainId(imageId));
        return key;
    }

    @Override
    public void removeRoot(String key) {
        images.snapshotter().remove(key);
    }

    @Override
    public void copyInto(String key, ArchiveExtractor.Owner owner, InputStream tar) {
        archives.copyInto(key, owner, tar);
    }

    @Override
    public void extractInto(String key, String dir, ArchiveExtractor.Owner owner, InputStream tar) {
        archives.extractInto(key, dir, owner, tar);
    }

    @Override
    public ArchiveExtractor.Owner owner(String key, String userAndGroup) {
        return archives.owner(key, userAndGroup);
    }

    @Override
    public boolean isDirectory(String key, String path) {
        return archives.isDirectory(key, path);
    }

    @Override
    public String commit(String key, String parentImage, ImageContainerConfig config, String createdBy,
            ContainerConfig containerConfig, String author) {
        ImageCommitter.Request r = new ImageCommitter.Request(parentImage, config, List.of(),
                author == null ? "" : author, "", createdBy,
                "", "").withContainer(key.startsWith(ROOT_PREFIX) ? null : key, containerConfig);
        if (key.startsWith(ROOT_PREFIX) && !METACOPY) { // no container: its upper directory becomes the layer
            return images.commitAdopting(r, out -> {
                try (OutputStream buffered = new BufferedOutputStream(out, 64 * 1024)) {
                    archives.writeRootDiff(key, buffered);
                }
            }, images.snapshotter().mounts(key).upperDir());
        }
        return images.commit(r, out -> {
            try (OutputStream buffered = new BufferedOutputStream(out, 64 * 1024)) {
                archives.writeLayerDiff(key, buffered);
            }
        });
    }

    @Override
    public SourceRoot openImage(String imageId) {
        String key = prepareRoot(imageId);
        try {
            ContainerRootAccess.RootView view = archives.openRoot(key);
            return new SourceRoot() {
                @Override
                public Fd root() {
                    return view.root();
                }

                @Override
                public void close() {
                    try {
                        view.close();
                    } finally {
                        removeRoot(key);
                    }
                }
            };
        } catch (RuntimeException e) {
            removeRoot(key);
            throw e;
        }
    }

    @Override
    public int removeLeftovers() {
        int n = 0;
        for (String key : images.snapshotter().keys()) {
            if (key.startsWith(ROOT_PREFIX)) {
                removeRoot(key);
                n++;
            }
        }
        for (var summary : containers.list(true, 0, Filters.empty().with("label", STEP_LABEL))) {
            if ("running".equals(summary.state()) || "created".equals(summary.state())) {
                remove(summary.id());
                n++;
            }
        }
        return n;
    }

    @Override
    public void remove(String id) {
        Optional<Container> c = containers.find(id);
        c.ifPresent(x -> containers.remove(x, id, true, true));
    }
}
