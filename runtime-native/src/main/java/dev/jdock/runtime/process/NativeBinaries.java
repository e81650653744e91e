package dev.jdock.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the static helpers live: the directory named by the system property {@code jdock.native.dir}, else the
 * environment variable {@code JDOCK_NATIVE_DIR}, else {@code runtime-native/target/native} of a source tree.
 */
public record NativeBinaries(Path dir) {

    public static NativeBinaries locate() {
        String dir = System.getProperty("jdock.native.dir", System.getenv("JDOCK_NATIVE_DIR"));
        if (dir != null) {
            return new NativeBinaries(Path.of(dir));
        }
        for (Path p : new Path[] {Path.of("target/native"), Path.of("runtime-native/target/native"),
                Path.of("../runtime-native/target/native")}) {
            if (Files.isExecutable(p.resolve("jdock-monitor"))) {
                return new NativeBinaries(p.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("jdock native helpers not found; set -Djdock.native.dir");
    }

    public Path monitor() {
        return dir.resolve("jdock-monitor");
    }

    /** The {@code --init} process, bind-mounted read-only at /sbin/docker-init. */
    public Path init() {
        return dir.resolve("jdock-init");
    }
}
