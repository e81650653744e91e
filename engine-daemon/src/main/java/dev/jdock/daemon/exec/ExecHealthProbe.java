package dev.jdock.daemon.exec;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.HealthProbe;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.process.MonitorHandle;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Healthcheck probes as execs (moby runs them the same way): no TTY, no stdin, stdout and stderr collected (at most
 * 4096 bytes); on timeout the process is killed and the result is exit code -1. The exec instance is dropped after.
 */
public final class ExecHealthProbe implements HealthProbe {
    private static final int MAX_OUTPUT = 4096;

    private final ExecService service;

    public ExecHealthProbe(ExecService service) {
        this.service = service;
    }

    @Override
    public Result run(Container c, List<String> cmd, Duration timeout) {
        ExecConfig cfg = new ExecConfig("", false, false, null, false, true, true, true, "", List.of(), "", cmd);
        ExecSession s = service.claim(service.create(c.id(), cfg));
        try {
            MonitorHandle h = service.launch(s, 0, 0);
            Collector out = new Collector(service, s, h);
            try (MonitorConnection conn = h.connect(out)) {
                try {
                    service.start(s, conn);
                } catch (EngineException e) {
                    return new Result(s.done().getNow(126), e.getMessage());
                }
                return await(s, out, timeout);
            }
        } catch (EngineException e) {
            return new Result(-1, e.getMessage());
        } finally {
            service.discard(s);
        }
    }

    private static Result await(ExecSession s, Collector out, Duration timeout) {
        try {
            int code = s.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Result(code, out.text());
        } catch (TimeoutException e) {
            int pid = s.pid();
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            return new Result(-1, "Health check exceeded timeout (" + goDuration(timeout) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } catch (ExecutionException e) {
            return new Result(-1, String.valueOf(e.getCause()));
        }
    }

    /** Go's time.Duration String for the common cases: 30s, 1m30s, 500ms. */
    static String goDuration(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long secs = d.getSeconds();
        String frac = d.getNano() == 0 ? "" : String.format(".%03d", d.getNano() / 1_000_000).replaceAll("0+$", "");
        if (secs < 60) {
            return secs + frac + "s";
        }
        long h = secs / 3600;
        long m = secs % 3600 / 60;
        return (h > 0 ? h + "h" : "") + m + "m" + (secs % 60) + frac + "s";
    }

    /** Collects the probe's output and records its exit in the session. */
    private static final class Collector implements MonitorConnection.Listener {
        private final ExecService service;
        private final ExecSession session;
        private final MonitorHandle handle;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Collector(ExecService service, ExecSession session, MonitorHandle handle) {
            this.service = service;
            this.session = session;
            this.handle = handle;
        }

        @Override
        public synchronized void output(int stream, ByteBuffer data) {
            int n = Math.min(data.remaining(), MAX_OUTPUT - buf.size());
            if (n > 0) {
                byte[] b = new byte[n];
                data.get(b);
                buf.write(b, 0, n);
            }
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void exited(ExitStatus status) {
            if (status.error().isPresent()) {
                session.exited(ExecSpecs.startFailureCode(status.error().get()));
            } else {
                service.processExited(session, status.exitCode());
            }
        }

        @Override
        public void disconnected() {
            if (session.isRunning()) {
                service.processExited(session, ExitFile.read(handle.exitFile()).map(ExitStatus::exitCode).orElse(137));
            }
        }
    }
}
