package dev.jdock.daemon.cri.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ProcessExec} as a child process. stdin is written and stdout and stderr are read on three short-lived
 * threads while the caller waits up to the timeout; a plugin still running then, or one whose stdout passes
 * {@code maxStdout}, is killed (SIGKILL) with the processes it started. stderr is kept up to {@link #MAX_STDERR}
 * bytes and drained past that. The environment is the daemon's (plugins run iptables, ip, modprobe: they need PATH)
 * with the CNI variables set over it.
 */
public final class ChildProcessExec implements ProcessExec {
    public static final int DEFAULT_MAX_STDOUT = 1 << 20;
    static final int MAX_STDERR = 64 << 10;
    /** How long to wait for the pipes to close after the plugin exited (a child it left behind may hold them). */
    private static final long DRAIN_MILLIS = 2000;

    private final int maxStdout;

    public ChildProcessExec() {
        this(DEFAULT_MAX_STDOUT);
    }

    public ChildProcessExec(int maxStdout) {
        this.maxStdout = maxStdout;
    }

    @Override
    public Output run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
        String binary = argv.get(0);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw CniException.local("cannot run " + binary, e);
        }
        AtomicBoolean overflow = new AtomicBoolean();
        Capture out = new Capture(p.getInputStream(), maxStdout, () -> {
            overflow.set(true);
            kill(p);
        });
        Capture err = new Capture(p.getErrorStream(), MAX_STDERR, null);
        Thread feeder = thread("cni-stdin", () -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the plugin closed its stdin or died: its exit status tells
            }
        });
        Thread outT = thread("cni-stdout", out);
        Thread errT = thread("cni-stderr", err);
        boolean ended;
        try {
            ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(p);
                p.waitFor();
            }
            for (Thread t : new Thread[] {feeder, outT, errT}) {
                t.join(DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw CniException.local("interrupted while running " + binary);
        }
        if (!ended) {
            throw new CniException(CniException.LOCAL, binary + " did not finish in "
                    + timeout.toMillis() + " ms and was killed", err.text(), null);
        }
        if (overflow.get()) {
            throw new CniException(CniException.LOCAL, binary + " printed more than " + maxStdout
                    + " bytes on stdout and was killed", err.text(), null);
        }
        return new Output(p.exitValue(), out.bytes(), err.text());
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads a stream to its end, keeping at most {@code max} bytes; past that, calls {@code onOverflow} once. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int max;
        private final Runnable onOverflow;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Capture(InputStream in, int max, Runnable onOverflow) {
            this.in = in;
            this.max = max;
            this.onOverflow = onOverflow;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = max - kept.size();
                        kept.write(buf, 0, Math.min(room, n));
                        if (n > room && onOverflow != null) {
                            onOverflow.run();
                            return;
                        }
                    }
                }
            } catch (IOException ignored) {
                // the stream was closed under us (the process was killed): keep what was read
            }
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
