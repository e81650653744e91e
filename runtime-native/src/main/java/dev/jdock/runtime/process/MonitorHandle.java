package dev.jdock.runtime.process;

import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.MonitorConnection;
import java.nio.file.Path;

/**
 * A launched monitor: the container process exists (pid {@code containerPid}) and waits for START.
 * {@code attachSocket} and {@code exitFile} stay valid for a restarted jdockd (live restore).
 */
public record MonitorHandle(String id, int containerPid, int monitorPid, Path attachSocket, Path exitFile) {

    public static MonitorHandle of(String id, int containerPid, int monitorPid, Path runDir, Path bundleDir) {
        return new MonitorHandle(id, containerPid, monitorPid, runDir.resolve("attach.sock"),
                bundleDir.resolve(ExitFile.NAME));
    }

    public MonitorConnection connect(MonitorConnection.Listener listener) {
        return MonitorConnection.connect(attachSocket, exitFile, listener);
    }
}
