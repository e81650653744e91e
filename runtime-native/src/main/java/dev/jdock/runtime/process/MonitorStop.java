package dev.jdock.runtime.process;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the monitor (container or exec) of a process that will never be started: a start that failed after the
 * launch. Nothing of it may outlive the failure: not the monitor, not the process it holds.
 */
public final class MonitorStop {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorStop.class);
    private static final long EXIT_WAIT_SECONDS = 5;

    private MonitorStop() {
    }

    /**
     * SIGTERM (the monitor SIGKILLs the init it holds, reaps it and exits), then SIGKILL if it is still there after
     * {@link #EXIT_WAIT_SECONDS}; returns once it is gone. A process left behind by a killed monitor is in the
     * container's cgroups, which the runtime's cleanup empties (an exec's dies with the container at the latest).
     */
    public static void stop(int monitorPid) {
        ProcessHandle.of(monitorPid).ifPresent(h -> {
            h.destroy();
            if (!awaitExit(h)) {
                LOG.warn("monitor {} did not exit after SIGTERM: killing it", monitorPid);
                h.destroyForcibly();
                if (!awaitExit(h)) {
                    LOG.warn("monitor {} did not exit after SIGKILL", monitorPid);
                }
            }
        });
    }

    private static boolean awaitExit(ProcessHandle h) {
        try {
            h.onExit().get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
