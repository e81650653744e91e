package dev.jdock.runtime.process;

import dev.jdock.runtime.spec.PrivateFiles;
import dev.jdock.runtime.spec.RuntimeSpec;
import dev.jdock.runtime.spec.SpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Spawns {@code jdock-monitor <spec-file>}: the helper forks the long-lived monitor, which creates the container
 * process (set up to its pivot_root, held before exec until a client sends START) and reports {@code OK <pid>} or
 * {@code ERR <errno> <message>}; the short-lived parent relays that line and exits. Call from a plain
 * host-namespace thread.
 */
public final class MonitorLauncher {

    private final Path monitorBinary;

    public MonitorLauncher(Path monitorBinary) {
        this.monitorBinary = monitorBinary;
    }

    public MonitorHandle launch(RuntimeSpec spec, Path specFile) {
        try {
            Files.createDirectories(spec.bundleDir());
            PrivateFiles.createDirectories(spec.runDir());
            Files.deleteIfExists(spec.bundleDir().resolve("exit"));
        } catch (IOException e) {
            throw new RuntimeLaunchException("prepare directories of " + spec.id(), e);
        }
        SpecCodec.write(spec, specFile);
        return MonitorProcess.spawn(monitorBinary, List.of(specFile.toString()), spec.id(), spec.runDir(),
                spec.bundleDir());
    }

    static MonitorHandle parseReport(RuntimeSpec spec, String report) {
        return MonitorProcess.parseReport(spec.id(), spec.runDir(), spec.bundleDir(), report);
    }
}
