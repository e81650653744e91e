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
 * A command run in a running container to its end, its stdout and stderr collected apart, each up to a bound (what
 * is beyond is discarded, the command goes on): the CRI's ExecSync. No TTY, no stdin; the exec instance is dropped
 * after. On timeout the process is killed and {@link TimedOut} is thrown.
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
            super("timeout " + ExecHealthProbe.goDuration(timeout) + " exceeded");
        }
    }

    /**
     * @param timeout  how long the command may run; {@link Duration#ZERO} or negative: no limit
     * @param maxBytes the most kept of each stream
     */
    public Output run(Container c, List<String> cmd, Duration timeout, int maxBytes) {
        ExecConfig cfg = new ExecConfig("", false, false, null, false, true, true, true, "", List.of(), "", cmd);
        ExecSession s = service.claim(service.create(c.id(), cfg));
        try {
            MonitorHandle h = service.launch(s, 0, 0);
            Collector out = new Collector(s, h, maxBytes);
            try (MonitorConnection conn = h.connect(out)) {
                service.start(s, conn);
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
            int pid = s.pid();
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
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
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Collector(ExecSession session, MonitorHandle handle, int max) {
            this.session = session;
            this.handle = handle;
            this.max = max;
        }

        @Override
        public synchronized void output(int stream, ByteBuffer data) {
            ByteArrayOutputStream buf = stream == StdcopyFrame.STDERR ? err : out;
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
