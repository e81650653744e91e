package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A namespace of the container: a new one, or an existing one joined by path (e.g. /proc/PID/ns/net). */
public record NamespaceSpec(String type, Optional<Path> joinPath) {

    public static final Set<String> TYPES = Set.of("pid", "mnt", "uts", "ipc", "net", "cgroup");

    public NamespaceSpec {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unsupported namespace type " + type);
        }
        joinPath = Objects.requireNonNull(joinPath, "joinPath");
        joinPath.ifPresent(p -> RuntimeSpec.requireAbsolute(p, "namespace path"));
    }

    public static NamespaceSpec create(String type) {
        return new NamespaceSpec(type, Optional.empty());
    }

    public static NamespaceSpec join(String type, Path path) {
        return new NamespaceSpec(type, Optional.of(path));
    }
}
