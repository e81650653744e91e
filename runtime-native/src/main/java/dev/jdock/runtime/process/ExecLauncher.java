package dev.jdock.runtime.process;

import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.ExecSpecCodec;
import dev.jdock.runtime.spec.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Spawns {@code jdock-monitor --exec <dir>/spec}: the helper forks a detached exec monitor, which forks the exec
 * process into the container's pid namespace and cgroups (held before joining the other namespaces until a client
 * sends START) and reports {@code OK <exec-pid>} or {@code ERR <errno> <message>}. The returned handle's
 * {@code containerPid} is the exec process's host pid; connect to it with {@link MonitorHandle#connect}.
 */
public final class ExecLauncher {
    private final Path monitorBinary;

    public ExecLauncher(Path monitorBinary) {
        this.monitorBinary = monitorBinary;
    }

    public MonitorHandle launch(ExecSpec spec) {
        Path specFile = spec.dir().resolve("spec");
        try {
            PrivateFiles.createDirectories(spec.dir());
            Files.deleteIfExists(spec.dir().resolve("exit"));
            PrivateFiles.write(specFile, ExecSpecCodec.encodeBytes(spec));
        } catch (IOException e) {
            throw new RuntimeLaunchException("prepare exec " + spec.id(), e);
        }
        return MonitorProcess.spawn(monitorBinary, List.of("--exec", specFile.toString()), spec.id(), spec.dir(),
                spec.dir());
    }
}
