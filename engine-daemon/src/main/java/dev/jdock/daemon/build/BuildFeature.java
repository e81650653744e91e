package dev.jdock.daemon.build;

import dev.jdock.daemon.archive.ArchiveService;
import dev.jdock.daemon.container.ContainerService;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;

/**
 * The build feature, built on the image, container and archive services: the builder, its cache (under
 * {@code <data-root>/builder}) and pruner, and their routes.
 */
public record BuildFeature(Builder builder, BuildCachePruner pruner, BuildRouter router) {
    public static BuildFeature create(ImageService images, ContainerService containers, ArchiveService archives,
            Syscalls sys, Path dir) {
        DaemonImages imageStore = new DaemonImages(images);
        StepCache cache = new StepCache(dir.resolve("cache"));
        CacheMounts mounts = new CacheMounts(dir.resolve("mounts"));
        Builder builder = new Builder(imageStore, new DaemonSteps(containers, archives, images), cache,
                ContextSpace.withTmpfs(dir.resolve("contexts"), sys), mounts);
        BuildCachePruner pruner = new BuildCachePruner(cache, imageStore, mounts);
        return new BuildFeature(builder, pruner, new BuildRouter(builder, pruner));
    }
}
