package dev.jdock.daemon.cri.cni;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where plugin binaries are looked up (containerd's {@code bin_dir}, here a list): the first directory holding an
 * executable named after the plugin's {@code type} wins. The list is also CNI_PATH, where plugins find the plugins
 * they delegate to (bridge runs host-local).
 */
public record PluginPath(List<Path> dirs) {
    /** kubeadm's and the upstream tarball's {@code /opt/cni/bin}, then Debian's {@code /usr/lib/cni}. */
    public static final PluginPath DEFAULT = new PluginPath(List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")));

    public PluginPath {
        dirs = List.copyOf(dirs);
    }

    /** The binary for {@code type} (a name {@link NetworkConfigList} validated: no separator, no dot-dot). */
    Path find(String type) {
        for (Path d : dirs) {
            Path p = d.resolve(type);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw CniException.local("failed to find plugin \"" + type + "\" in path " + dirs);
    }

    String env() {
        return dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }
}
