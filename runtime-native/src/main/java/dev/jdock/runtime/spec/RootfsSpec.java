package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.List;

/** How the container's root is mounted at {@link #target()} before pivot_root. */
public sealed interface RootfsSpec {

    /** Where the root is mounted (on the host, inside the container's mount namespace). */
    Path target();

    /** An overlay of {@code lowerTopFirst} (the top layer first) with an upper and a work directory. */
    record Overlay(List<Path> lowerTopFirst, Path upper, Path work, Path target) implements RootfsSpec {
        public Overlay {
            lowerTopFirst = List.copyOf(lowerTopFirst);
            if (lowerTopFirst.isEmpty()) {
                throw new IllegalArgumentException("overlay needs at least one lower layer");
            }
            lowerTopFirst.forEach(p -> RuntimeSpec.requireAbsolute(p, "lower"));
            RuntimeSpec.requireAbsolute(upper, "upper");
            RuntimeSpec.requireAbsolute(work, "work");
            RuntimeSpec.requireAbsolute(target, "target");
            for (Path p : lowerTopFirst) {
                if (p.toString().contains(":") || p.toString().contains(",")) {
                    throw new IllegalArgumentException("overlay paths may not contain ':' or ',': " + p);
                }
            }
        }
    }

    /** A recursive bind of a plain directory. */
    record Bind(Path dir, Path target) implements RootfsSpec {
        public Bind {
            RuntimeSpec.requireAbsolute(dir, "dir");
            RuntimeSpec.requireAbsolute(target, "target");
        }
    }

    static RootfsSpec overlay(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
        return new Overlay(lowerTopFirst, upper, work, target);
    }

    static RootfsSpec bind(Path dir, Path target) {
        return new Bind(dir, target);
    }
}
