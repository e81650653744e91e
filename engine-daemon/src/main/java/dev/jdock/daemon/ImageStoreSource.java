package dev.jdock.daemon;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.daemon.container.ImageSource;
import dev.jdock.daemon.image.ImageConfig;
import dev.jdock.daemon.image.ImageService;
import dev.jdock.daemon.snapshot.SnapshotMounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adapts the image store to what the container feature needs ({@link ImageSource}). */
final class ImageStoreSource implements ImageSource {
    private final ImageService images;

    ImageStoreSource(ImageService images) {
        this.images = images;
    }

    @Override
    public ResolvedImage resolve(String reference) {
        String id = images.resolve(reference);
        return new ResolvedImage(id, images.chainId(id), toContainerConfig(images.config(id)));
    }

    @Override
    public String[] platform(String imageId) {
        var cfg = images.configFile(imageId);
        return new String[] {cfg.os(), cfg.architecture(), cfg.variant()};
    }

    @Override
    public Rootfs prepareRootfs(String containerId, ResolvedImage image) {
        return toRootfs(images.snapshotter().prepare(containerId, image.chainId()));
    }

    @Override
    public Rootfs rootfs(String containerId) {
        return toRootfs(images.snapshotter().mounts(containerId));
    }

    @Override
    public void removeRootfs(String containerId) {
        images.snapshotter().remove(containerId); // nothing when there is none (no metadata or layer chain read)
    }

    @Override
    public java.util.List<String> rootfsIds() {
        return images.snapshotter().keys();
    }

    private static Rootfs toRootfs(SnapshotMounts m) {
        return new Rootfs(m.lowerDirs(), m.upperDir(), m.workDir(), m.initDir());
    }

    static ContainerConfig toContainerConfig(ImageConfig c) {
        return ContainerConfig.builder()
                .user(c.user())
                .env(c.env())
                .cmd(c.cmd().isEmpty() ? null : c.cmd())
                .entrypoint(c.entrypoint().isEmpty() ? null : c.entrypoint())
                .workingDir(c.workingDir())
                .labels(c.labels().isEmpty() ? null : c.labels())
                .exposedPorts(asMap(c.exposedPorts()))
                .volumes(asMap(c.volumes()))
                .stopSignal(c.stopSignal())
                .healthcheck(health(c.healthcheck()))
                .shell(c.shell().isEmpty() ? null : c.shell())
                .onBuild(c.onBuild().isEmpty() ? null : c.onBuild())
                .build();
    }

    private static dev.jdock.api.types.container.HealthConfig health(
            dev.jdock.api.types.image.HealthConfig h) {
        return h == null ? null : new dev.jdock.api.types.container.HealthConfig(h.test(), h.interval(),
                h.timeout(), h.startPeriod(), h.startInterval(), h.retries());
    }

    private static Map<String, Map<String, Object>> asMap(Set<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (String k : keys) {
            m.put(k, Map.of());
        }
        return m;
    }

    static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
