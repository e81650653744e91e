package dev.jdock.daemon.exec;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.api.types.exec.ExecInspect;
import dev.jdock.api.types.exec.ExecProcessConfig;
import java.util.concurrent.CompletableFuture;

/**
 * One exec instance in memory: its configuration and its state (created, running with a pid, exited with a code).
 * {@link #done()} completes when the process has exited (or could not start).
 */
final class ExecSession {
    enum Phase { CREATED, STARTING, RUNNING, EXITED }

    private final String id;
    private final String containerId;
    private final ExecConfig config;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private Phase phase = Phase.CREATED;
    private int pid;
    private Integer exitCode;
    private long exitedAt;
    private volatile ExecRun run;

    ExecSession(String id, String containerId, ExecConfig config) {
        this.id = id;
        this.containerId = containerId;
        this.config = config;
    }

    String id() {
        return id;
    }

    String containerId() {
        return containerId;
    }

    ExecConfig config() {
        return config;
    }

    ExecRun run() {
        return run;
    }

    void run(ExecRun r) {
        this.run = r;
    }

    CompletableFuture<Integer> done() {
        return done;
    }

    /** Completes when the process runs, or when it exited or could not start. */
    CompletableFuture<Void> started() {
        return started;
    }

    /** Claims the one start this exec gets; false when it was started before. */
    synchronized boolean claimStart() {
        if (phase != Phase.CREATED) {
            return false;
        }
        phase = Phase.STARTING;
        return true;
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized void running(int hostPid) {
        if (phase == Phase.STARTING) {
            phase = Phase.RUNNING;
            pid = hostPid;
        }
        started.complete(null);
    }

    synchronized boolean isRunning() {
        return phase == Phase.RUNNING || phase == Phase.STARTING;
    }

    /** Records the exit code; false when an exit was recorded before (the first report wins). */
    boolean exited(int code) {
        synchronized (this) {
            if (phase == Phase.EXITED) {
                return false;
            }
            phase = Phase.EXITED;
            exitCode = code;
            exitedAt = System.nanoTime();
        }
        started.complete(null);
        done.complete(code);
        return true;
    }

    /** When the exit was recorded ({@link System#nanoTime()}). */
    synchronized long exitedAt() {
        return exitedAt;
    }

    /** The host pid of the process, 0 before it runs. */
    synchronized int pid() {
        return pid;
    }

    /** {@code GET /exec/{id}/json}. */
    synchronized ExecInspect inspect() {
        ExecProcessConfig pc = ExecProcessConfig.of(config.tty(), config.cmd(), config.privileged(), config.user());
        return new ExecInspect(id, phase == Phase.RUNNING, exitCode, pc, config.attachStdin(), config.attachStderr(),
                config.attachStdout(), false, containerId, config.detachKeys(), pid);
    }
}
