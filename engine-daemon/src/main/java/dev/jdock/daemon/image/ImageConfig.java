package dev.jdock.daemon.image;

import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a container takes from its image (the image config's {@code config} object), as the container service needs
 * it. Lists and maps are never null (empty instead); strings may be null when unset.
 */
public record ImageConfig(
        String user,
        List<String> env,
        List<String> cmd,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> labels,
        Set<String> exposedPorts,
        Set<String> volumes,
        String stopSignal,
        HealthConfig healthcheck,
        List<String> shell,
        List<String> onBuild) {

    static ImageConfig from(ImageContainerConfig c) {
        ImageContainerConfig x = c == null ? ImageContainerConfig.empty() : c;
        return new ImageConfig(x.user(), list(x.env()), list(x.cmd()), list(x.entrypoint()), x.workingDir(),
                x.labels() == null ? Map.of() : Map.copyOf(x.labels()),
                sorted(x.exposedPorts()), sorted(x.volumes()),
                x.stopSignal(), x.healthcheck(), list(x.shell()), list(x.onBuild()));
    }

    /** The keys, sorted and read-only: {@link ImageService#config} hands out one instance per image. */
    private static Set<String> sorted(Map<String, ?> m) {
        return m == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(m.keySet()));
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
