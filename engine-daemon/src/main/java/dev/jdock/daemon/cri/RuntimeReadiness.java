package dev.jdock.daemon.cri;

import dev.jdock.runtime.process.NativeBinaries;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RuntimeReady: jdockd can start containers when its static helpers (the monitor and the init process) are
 * executable files; without them every CreateContainer would fail, so the kubelet must not schedule here.
 */
final class RuntimeReadiness {
    static final String NOT_READY = "RuntimeNotReady";

    private final NativeBinaries binaries;

    RuntimeReadiness(NativeBinaries binaries) {
        this.binaries = binaries;
    }

    Readiness check() {
        for (Path helper : new Path[] {binaries.monitor(), binaries.init()}) {
            if (!Files.isRegularFile(helper) || !Files.isExecutable(helper)) {
                return Readiness.notReady(NOT_READY, "jdock native helper " + helper + " is missing or not executable");
            }
        }
        return Readiness.READY;
    }
}
