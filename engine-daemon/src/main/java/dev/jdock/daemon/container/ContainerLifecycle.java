package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, stop, kill, remove, and what happens when a container exits. Each container's lifecycle steps are
 * serialised on its lock; every state change is written to disk before it is visible.
 */
public final class ContainerLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLifecycle.class);

    private final ContainerStore store;
    private final RuntimeBackend runtime;
    private final ImageSource images;
    private final ExecutorService background;
    /** The session to each running container's monitor through which jdockd learns of its exit. */
    private final Map<String, MonitorSession> watches = new ConcurrentHashMap<>();

    public ContainerLifecycle(ContainerStore store, RuntimeBackend runtime, ImageSource images,
            ExecutorService background) {
        this.store = store;
        this.runtime = runtime;
        this.images = images;
        this.background = background;
    }

    public void start(Container c) {
        synchronized (c.lifecycleLock) {
            ContainerStatus st = c.state().status();
            if (c.isRunning()) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container already started");
            }
            if (st == ContainerStatus.REMOVING || st == ContainerStatus.DEAD) {
                throw EngineException.conflict("container is marked for removal and cannot be started");
            }
            RuntimeBackend.Launched l;
            try {
                l = runtime.launch(c);
            } catch (RuntimeException e) {
                startFailed(c, 128, e.getMessage());
                throw e;
            }
            for (Container.PendingAttach a : c.takePendingAttaches()) {
                a.monitorReady();
            }
            l.session().listen(new ExitWatch(c));
            int pid;
            try {
                pid = l.session().start();
            } catch (RuntimeBackend.StartFailedException e) {
                l.session().close();
                runtime.cleanup(c);
                startFailed(c, e.exitCode(), e.getMessage());
                throw new EngineException(ErrorKind.INVALID_PARAMETER, "failed to create task for container: "
                        + "OCI runtime create failed: unable to start container process: " + e.getMessage()
                        + ": unknown");
            } catch (RuntimeException e) {
                l.session().close();
                runtime.cleanup(c);
                startFailed(c, 128, e.getMessage());
                throw e;
            }
            watches.put(c.id(), l.session());
            ContainerRunState running = c.state().running(pid, l.monitorPid(), Instant.now().toString());
            store.update(c, running);
        }
    }

    /** Records a failed start as Docker does (exit code, State.Error); AutoRemove containers are removed. */
    private void startFailed(Container c, int exitCode, String message) {
        String now = Instant.now().toString();
        store.update(c, c.state().running(0, 0, now).exited(exitCode, message, now, false));
        for (Container.PendingAttach a : c.takePendingAttaches()) {
            a.abandon();
        }
        if (c.record().hostConfig().autoRemove()) {
            background.execute(() -> removeQuietly(c));
        }
    }

    /** Called by the monitor session when the container's process has exited. */
    void exited(Container c, RuntimeBackend.ExitInfo exit) {
        synchronized (c.lifecycleLock) {
            if (!c.isRunning()) {
                return;
            }
            store.update(c, c.state().exited(exit.exitCode(), exit.error(), exit.finishedAt().toString(),
                    exit.oomKilled()));
            MonitorSession s = watches.remove(c.id());
            if (s != null) {
                s.close();
            }
            runtime.cleanup(c);
        }
        LOG.debug("container {} exited with {}", c.id(), exit.exitCode());
        if (c.record().hostConfig().autoRemove()) {
            background.execute(() -> removeQuietly(c));
        }
    }

    private void removeQuietly(Container c) {
        try {
            remove(c, true);
        } catch (RuntimeException e) {
            LOG.warn("auto-removing {}: {}", c.id(), e.getMessage());
        }
    }

    /** Stops with the container's stop signal, then SIGKILL after the timeout (seconds; negative waits forever). */
    public void stop(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        if (!c.isRunning()) {
            throw new EngineException(ErrorKind.NOT_MODIFIED, "container already stopped");
        }
        String stopSignal = signal.orElse(c.record().config().stopSignal());
        int sig = stopSignal == null || stopSignal.isEmpty() ? Signals.SIGTERM : Signals.parse(stopSignal);
        int timeout = timeoutSeconds.orElse(
                c.record().config().stopTimeout() != null ? c.record().config().stopTimeout() : 10);
        CompletableFuture<ContainerRunState> exit = c.notRunning();
        if (sig != Signals.SIGKILL) {
            runtime.kill(c, sig);
            if (await(exit, timeout < 0 ? Long.MAX_VALUE : timeout * 1000L)) {
                return;
            }
            LOG.info("container {} did not exit within {} seconds after signal {}: killing it", c.id(), timeout, sig);
        }
        if (c.isRunning()) {
            runtime.kill(c, Signals.SIGKILL);
        }
        if (!await(exit, 30_000)) {
            throw EngineException.system("container " + c.id() + " did not exit after SIGKILL", null);
        }
    }

    public void kill(Container c, int signal) {
        if (!c.isRunning()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        CompletableFuture<ContainerRunState> exit = c.notRunning();
        runtime.kill(c, signal);
        if (signal == Signals.SIGKILL) {
            await(exit, 10_000);
        }
    }

    public void remove(Container c, boolean force) {
        synchronized (c.lifecycleLock) {
            if (c.state().status() == ContainerStatus.REMOVING) {
                throw EngineException.conflict("removal of container " + c.id() + " is already in progress");
            }
            if (!store.find(c.id()).isPresent()) {
                return;
            }
        }
        if (c.isRunning()) {
            if (!force) {
                throw EngineException.conflict("cannot remove container \"/" + c.name()
                        + "\": container is running: stop the container before removing or force remove");
            }
            runtime.kill(c, Signals.SIGKILL);
            if (!await(c.notRunning(), 30_000)) {
                throw EngineException.system("could not kill running container " + c.id()
                        + ", cannot remove", null);
            }
        }
        synchronized (c.lifecycleLock) {
            if (!store.find(c.id()).isPresent()) {
                return;
            }
            ContainerRunState last = c.state();
            store.update(c, last.withStatus(ContainerStatus.REMOVING));
            images.removeRootfs(c.id());
            store.remove(c);
            for (Container.PendingAttach a : c.takePendingAttaches()) {
                a.abandon();
            }
            c.removedFuture().complete(last);
        }
    }

    /** After a daemon restart: reconnect to each running container's monitor or record the exit it missed. */
    public void restore() {
        for (Container c : store.all()) {
            if (c.state().status() == ContainerStatus.REMOVING) {
                images.removeRootfs(c.id());
                store.remove(c);
                continue;
            }
            if (!c.isRunning()) {
                continue;
            }
            Optional<MonitorSession> s = runtime.reconnect(c);
            if (s.isPresent()) {
                watches.put(c.id(), s.get());
                s.get().listen(new ExitWatch(c));
                LOG.info("restored running container {}", c.id());
                continue;
            }
            RuntimeBackend.ExitInfo exit = runtime.recordedExit(c).orElse(new RuntimeBackend.ExitInfo(
                    255, Instant.now(), false, "container monitor disappeared"));
            exited(c, exit);
        }
    }

    private static boolean await(CompletableFuture<?> f, long millis) {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Turns the watch session's events into lifecycle transitions. */
    private final class ExitWatch implements MonitorSession.Listener {
        private final Container c;

        ExitWatch(Container c) {
            this.c = c;
        }

        @Override
        public void output(int stream, byte[] data, int off, int len) {
            // the watch session does not consume output: logs are in the log file, attach has its own sessions
        }

        @Override
        public void exited(RuntimeBackend.ExitInfo exit) {
            ContainerLifecycle.this.exited(c, exit);
        }

        @Override
        public void disconnected() {
            if (!c.isRunning() || watches.get(c.id()) == null) {
                return;
            }
            RuntimeBackend.ExitInfo exit = runtime.recordedExit(c).orElse(
                    new RuntimeBackend.ExitInfo(255, Instant.now(), false, "container monitor disappeared"));
            ContainerLifecycle.this.exited(c, exit);
        }
    }
}
