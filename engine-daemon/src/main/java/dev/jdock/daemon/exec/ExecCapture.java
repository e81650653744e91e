package dev.jdock.daemon.exec;

import dev.jdock.api.stream.StdcopyFrame;
import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.process.MonitorHandle;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command run in a running container to its end, its stdout and stderr collected apart (or merged), each up to a
 * bound (what is beyond is discarded, the command goes on): the CRI's ExecSync and the healthcheck probes. No TTY,
 * no stdin; the exec instance is dropped after. On timeout the process is killed and {@link TimedOut} is thrown.
 */
public final class ExecCapture {
    private final ExecService service;

    public ExecCapture(ExecService service) {
        this.service = service;
    }

    /** What the command wrote and how it ended. */
    public record Output(int exitCode, byte[] stdout, byte[] stderr) {
    }

    /** The command did not end within its timeout: it was killed. */
    public static final class TimedOut extends RuntimeException {
        public TimedOut(Duration timeout) {
            super("timeout " + dev.jdock.api.value.GoDuration.format(timeout.toNanos()) + " exceeded");
        }
    }

    /** The command could not be executed (not found, not executable): Docker's error and the exit code it got. */
    public static final class StartFailed extends RuntimeException {
        private final int exitCode;
        private final EngineException error;

        StartFailed(int exitCode, EngineException error) {
            super(error.getMessage(), error);
            this.exitCode = exitCode;
            this.error = error;
        }

        public int exitCode() {
            return exitCode;
        }

        /** Docker's error for it. */
        public EngineException error() {
            return error;
        }
    }

    /**
     * @param timeout  how long the command may run; {@link Duration#ZERO} or negative: no limit
     * @param maxBytes the most kept of each stream
     * @param merged   stderr goes with stdout, in the order written (the stderr of the output is then empty)
     * @throws StartFailed when the command could not be executed
     */
    public Output run(Container c, List<String> cmd, Duration timeout, int maxBytes, boolean merged) {
        ExecConfig cfg = new ExecConfig("", false, false, null, false, true, true, true, "", List.of(), "", cmd);
        ExecSession s = service.claim(service.create(c.id(), cfg));
        try {
            MonitorHandle h = service.launch(s, 0, 0);
            Collector out = new Collector(s, h, maxBytes, merged);
            try (MonitorConnection conn = h.connect(out)) {
                try {
                    service.start(s, conn);
                } catch (EngineException e) {
                    throw new StartFailed(s.done().getNow(126), e);
                }
                int code = await(s, timeout);
                return new Output(code, out.stdout(), out.stderr());
            }
        } finally {
            service.discard(s);
        }
    }

    private static int await(ExecSession s, Duration timeout) {
        try {
            return timeout.isZero() || timeout.isNegative() ? s.done().get()
                    : s.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ExecService.killIfInContainer(s.containerId(), s.pid());
            throw new TimedOut(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted while waiting for the exec", e);
        } catch (ExecutionException e) {
            throw EngineException.system(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Keeps each stream up to the bound and records the exit in the session. */
    private final class Collector implements MonitorConnection.Listener {
        private final ExecSession session;
        private final MonitorHandle handle;
        private final int max;
        private final boolean merged;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Collector(ExecSession session, MonitorHandle handle, int max, boolean merged) {
            this.session = session;
            this.handle = handle;
            this.max = max;
            this.merged = merged;
        }

        @Override
        public synchronized void output(int stream, ByteBuffer data) {
            ByteArrayOutputStream buf = stream == StdcopyFrame.STDERR && !merged ? err : out;
            int n = Math.min(data.remaining(), max - buf.size());
            if (n > 0) {
                byte[] b = new byte[n];
                data.get(b);
                buf.write(b, 0, n);
            }
        }

        synchronized byte[] stdout() {
            return out.toByteArray();
        }

        synchronized byte[] stderr() {
            return err.toByteArray();
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
