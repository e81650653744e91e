package dev.jdock.daemon.exec;

import dev.jdock.api.value.GoDuration;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.HealthProbe;
import dev.jdock.daemon.errors.EngineException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Healthcheck probes as execs (moby runs them the same way, see {@link ExecCapture}): stdout and stderr collected
 * together (at most 4096 bytes); on timeout the process is killed and the result is exit code -1.
 */
public final class ExecHealthProbe implements HealthProbe {
    private static final int MAX_OUTPUT = 4096;

    private final ExecCapture capture;

    public ExecHealthProbe(ExecService service) {
        this.capture = new ExecCapture(service);
    }

    @Override
    public Result run(Container c, List<String> cmd, Duration timeout) {
        try {
            ExecCapture.Output o = capture.run(c, cmd, timeout, MAX_OUTPUT, true);
            return new Result(o.exitCode(), new String(o.stdout(), StandardCharsets.UTF_8));
        } catch (ExecCapture.StartFailed e) {
            return new Result(e.exitCode(), e.getMessage());
        } catch (ExecCapture.TimedOut e) {
            return new Result(-1, "Health check exceeded timeout (" + GoDuration.format(timeout.toNanos()) + ")");
        } catch (EngineException e) {
            return new Result(-1, e.getMessage());
        }
    }
}
