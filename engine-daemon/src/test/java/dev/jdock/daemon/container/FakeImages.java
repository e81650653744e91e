package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One image, "busybox", with Cmd ["sh"]; root filesystems are only remembered. */
final class FakeImages implements ImageSource {
    final Set<String> rootfs = ConcurrentHashMap.newKeySet();
    /** Where the containers' upper directories are said to be (nothing is created there). */
    Path uppers = Path.of("/u");

    @Override
    public ResolvedImage resolve(String reference) {
        if (!reference.equals("busybox") && !reference.equals("busybox:latest")) {
            throw EngineException.notFound("No such image: " + reference);
        }
        return new ResolvedImage("sha256:" + "b".repeat(64), "sha256:" + "c".repeat(64),
                ContainerConfig.builder().cmd(List.of("sh")).env(List.of("PATH=/bin")).build());
    }

    @Override
    public Rootfs prepareRootfs(String containerId, ResolvedImage image) {
        rootfs.add(containerId);
        return rootfs(containerId);
    }

    @Override
    public Rootfs rootfs(String containerId) {
        return new Rootfs(List.of(Path.of("/l")), uppers.resolve(containerId), Path.of("/w"));
    }

    @Override
    public List<String> rootfsIds() {
        return List.copyOf(rootfs);
    }

    @Override
    public void removeRootfs(String containerId) {
        rootfs.remove(containerId);
    }
}
