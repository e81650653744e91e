package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.store.Failpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private final ContainerEvents events;
    /** Restart policies: back-off per container and the pending restart timers. */
    private final RestartScheduling restarts;
    private final HealthMonitor health;
    private final ContainerRestore restoring;
    private final ContainerRemoval removal;
    /** Configures each container's network namespace between launch and START (the network feature). */
    private final ContainerNetworking networking;
    /** Volumes and binds: released at exit, forgotten (anonymous volumes removed on request) at removal. */
    private final ContainerMounts mounts;

    ContainerLifecycle(ContainerStore store, RuntimeBackend runtime, ContainerNeighbours neighbours,
            ExecutorService background, Scheduler scheduler) {
        this.store = store;
        this.runtime = runtime;
        this.images = neighbours.images();
        this.networking = neighbours.networking();
        this.mounts = neighbours.mounts();
        this.background = background;
        this.events = new ContainerEvents(neighbours.events());
        this.restarts = new RestartScheduling(store, scheduler, background, c -> launch(c, false));
        this.health = new HealthMonitor(store, scheduler, background, neighbours.health(),
                (c, status) -> events.emit(c, "health_status: " + status));
        this.removal = new ContainerRemoval(store, runtime, images, networking, mounts, restarts, health, events);
        this.restoring = new ContainerRestore(store, runtime, images, this, background);
    }

    HealthMonitor healthMonitor() {
        return health;
    }

    public void start(Container c) {
        synchronized (c.lifecycleLock) {
            if (c.state().status() == ContainerStatus.RESTARTING) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container already started");
            }
            if (c.state().status() == ContainerStatus.PAUSED) {
                throw EngineException.conflict("cannot start a paused container, try unpause instead");
            }
            launch(c, true);
        }
    }

    /** Starts the process; {@code byUser} (start, restart, daemon start) resets the restart count and back-off. */
    private void launch(Container c, boolean byUser) {
        synchronized (c.lifecycleLock) {
            ContainerStatus st = c.state().status();
            if (byUser && !c.isRunning()) {
                restarts.userStart(c);
            }
            if (c.isRunning()) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container already started");
            }
            if (st == ContainerStatus.REMOVING || st == ContainerStatus.DEAD) {
                throw EngineException.conflict("container is marked for removal and cannot be started");
            }
            takeNetworkDonorNames(c);
            long t0 = System.nanoTime();
            RuntimeBackend.Launched l;
            try {
                l = runtime.launch(c);
            } catch (RuntimeException e) {
                startFailed(c, 128, e.getMessage());
                throw e;
            }
            long t1 = System.nanoTime();
            long t2;
            int pid;
            ContainerRunState running;
            boolean written = false;
            try { // the namespaces of other containers it joins are held until the start is decided
                Failpoints.reach("start.held"); // the monitor holds the process; START not sent
                try {
                    networking.attach(c, runtime.netns(l));
                } catch (RuntimeException e) {
                    abortLaunch(c, l, e);
                    startFailed(c, 128, e.getMessage());
                    throw e;
                }
                for (Container.PendingAttach a : c.takePendingAttaches()) {
                    a.monitorReady();
                }
                l.session().listen(new ExitWatch(c));
                l.session().skipOutput();
                t2 = System.nanoTime();
                // START first, then the "running" state to disk (its fsyncs) while the process goes on to exec;
                // shown only once it did. A daemon killed meanwhile adopts the process (ContainerRestore), as before.
                running = c.state().running(l.pid(), l.monitorPid(), Instant.now().toString())
                        .withHealth(HealthMonitor.onStart(c));
                try {
                    l.session().requestStart();
                    written = store.writeAhead(c, running);
                    pid = l.session().awaitStarted();
                } catch (RuntimeBackend.StartFailedException e) {
                    abortLaunch(c, l, e);
                    EngineException refused = StartErrors.of(e.getMessage());
                    startFailed(c, e.exitCode(), refused.getMessage()); // State.Error: the error start answered
                    throw refused;
                } catch (RuntimeException e) {
                    abortLaunch(c, l, e);
                    startFailed(c, 128, e.getMessage());
                    throw e;
                }
            } finally {
                l.joined().close();
            }
            long t3 = System.nanoTime();
            Failpoints.reach("start.started"); // executed; its state written (unless the disk refused), not shown
            watches.put(c.id(), l.session());
            if (written && pid == l.pid()) {
                store.publish(c, running);
            } else {
                store.update(c, running.running(pid, l.monitorPid(), running.startedAt()));
            }
            runtime.launchSettled(c);
            events.emit(c, "start");
            health.started(c);
            if (LOG.isDebugEnabled()) {
                LOG.debug("start of {}: launch {} ms, network {} ms, START to exec (state written meanwhile) {} ms, "
                        + "state shown {} ms", c.id(), (t1 - t0) / 1_000_000.0, (t2 - t1) / 1_000_000.0,
                        (t3 - t2) / 1_000_000.0, (System.nanoTime() - t3) / 1_000_000.0);
            }
        }
    }

    /**
     * Undoes a launch that will not run; a failure of this cleanup is attached to {@code cause}, never thrown in its
     * place (the client must see why the start failed). The monitor is stopped and awaited in every case (also after
     * START failed, when it is about to exit anyway), so that nothing of it outlives the failed start and the
     * cleanup does not race its last writes.
     */
    private void abortLaunch(Container c, RuntimeBackend.Launched l, RuntimeException cause) {
        List<Runnable> steps = List.of(() -> runtime.abandon(l), () -> runtime.cleanup(c), () -> networking.detach(c));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * moby's initializeNetworking for network mode {@code container:<x>}: the joiner takes x's Config.Hostname and
     * Domainname at each start (its spec mounts x's hostname, hosts and resolv.conf, SpecFactory). A pod's
     * containers keep theirs: the sandbox gives them its files.
     */
    private void takeNetworkDonorNames(Container c) {
        if (c.record().podLink() != null) {
            return;
        }
        Optional<Container> donor = SpecFactory.networkDonor(c, store::find);
        if (donor.isEmpty()) {
            return;
        }
        ContainerConfig mine = c.record().config();
        ContainerConfig theirs = donor.get().record().config();
        if (mine.hostname().equals(theirs.hostname()) && mine.domainname().equals(theirs.domainname())) {
            return;
        }
        store.updateRecord(c, c.record().withConfig(mine.toBuilder().hostname(theirs.hostname())
                .domainname(theirs.domainname()).build()));
    }

    /**
     * Records a failed start as Docker does: exit code and State.Error set, StartedAt and FinishedAt untouched, so a
     * container that never ran stays "created" (moby derives the status from a zero StartedAt); AutoRemove
     * containers are removed.
     */
    private void startFailed(Container c, int exitCode, String message) {
        ContainerRunState s = c.state();
        boolean neverStarted = ContainerRunState.ZERO_TIME.equals(s.startedAt());
        store.update(c, new ContainerRunState(neverStarted ? ContainerStatus.CREATED : ContainerStatus.EXITED, 0, 0,
                exitCode, message, s.startedAt(), s.finishedAt(), false, s.restartCount(), s.manuallyStopped(),
                s.health()));
        runtime.launchSettled(c);
        mounts.released(c);
        events.emit(c, "die", Map.of("exitCode", Integer.toString(exitCode)));
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
            health.stopped(c);
            Duration delay = restarts.delayAfter(c, exit);
            ContainerRunState ended = c.state().exited(exit.exitCode(), exit.error(), exit.finishedAt().toString(),
                    exit.oomKilled());
            if (ended.health() != null) {
                ended = ended.withHealth(ended.health().stopped());
            }
            store.update(c, delay == null ? ended : ended.restarting());
            if (exit.oomKilled()) {
                events.emit(c, "oom");
            }
            events.emit(c, "die", Map.of("exitCode", Integer.toString(exit.exitCode())));
            MonitorSession s = watches.remove(c.id());
            if (s != null) {
                s.close();
            }
            // each step on its own: one that fails (a full disk) must not keep the others from releasing theirs
            releaseQuietly(c, "runtime", () -> runtime.cleanup(c));
            releaseQuietly(c, "network", () -> networking.detach(c));
            releaseQuietly(c, "mounts", () -> mounts.released(c));
            if (delay != null) {
                restarts.schedule(c, delay);
            }
        }
        LOG.debug("container {} exited with {}", c.id(), exit.exitCode());
        if (c.record().hostConfig().autoRemove()) {
            background.execute(() -> removeQuietly(c));
        }
    }

    private static void releaseQuietly(Container c, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("container {} exited; releasing its {}: {}", c.id(), what, e.getMessage());
        }
    }

    private void removeQuietly(Container c) {
        try {
            remove(c, true, true);
        } catch (RuntimeException e) {
            LOG.warn("auto-removing {}: {}", c.id(), e.getMessage());
        }
    }

    /** Stops with the container's stop signal, then SIGKILL after the timeout (seconds; negative waits forever). */
    public void stop(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        stop(c, signal, timeoutSeconds, true);
    }

    /** {@code manual}: a user's stop (unless-stopped then stays down); false for the stop half of a restart. */
    private void stop(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds, boolean manual) {
        if (restarts.cancelRestarting(c, manual)) {
            return;
        }
        if (!c.isRunning()) {
            throw new EngineException(ErrorKind.NOT_MODIFIED, "container already stopped");
        }
        restarts.stoppedByUser(c, manual);
        String stopSignal = signal.orElse(c.record().config().stopSignal());
        int sig = stopSignal == null || stopSignal.isEmpty() ? Signals.SIGTERM : Signals.parse(stopSignal);
        Long configured = c.record().config().stopTimeout();
        long timeout = timeoutSeconds.map(Integer::longValue).orElse(configured != null ? configured : 10L);
        CompletableFuture<ContainerRunState> exit = c.notRunning();
        if (sig != Signals.SIGKILL) {
            runtime.kill(c, sig);
            events.emit(c, "kill", Map.of("signal", Integer.toString(sig)));
            thawIfPaused(c);
            if (await(exit, timeout < 0 || timeout > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : timeout * 1000L)) {
                stopped(c);
                return;
            }
            LOG.info("container {} did not exit within {} seconds after signal {}: killing it", c.id(), timeout, sig);
        }
        if (c.isRunning()) {
            runtime.kill(c, Signals.SIGKILL);
            events.emit(c, "kill", Map.of("signal", Integer.toString(Signals.SIGKILL)));
            thawIfPaused(c);
        }
        if (!await(exit, 30_000)) {
            throw EngineException.system("container " + c.id() + " did not exit after SIGKILL", null);
        }
        stopped(c);
    }

    /** The "stop" event, after the "die" that {@link #exited} emits under the same lock. */
    private void stopped(Container c) {
        synchronized (c.lifecycleLock) {
            events.emit(c, "stop");
        }
    }

    public void kill(Container c, int signal) {
        if (restarts.cancelRestarting(c, true)) {
            return;
        }
        if (!c.isRunning()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        String ss = c.record().config().stopSignal();
        boolean stopping = signal == Signals.SIGKILL
                || signal == (ss == null || ss.isEmpty() ? Signals.SIGTERM : Signals.parse(ss));
        if (stopping) {
            restarts.stoppedByUser(c, true);
        }
        CompletableFuture<ContainerRunState> exit = c.notRunning();
        runtime.kill(c, signal);
        events.emit(c, "kill", Map.of("signal", Integer.toString(signal)));
        if (stopping) {
            thawIfPaused(c);
        }
        if (signal == Signals.SIGKILL) {
            await(exit, 10_000);
        }
    }

    public void remove(Container c, boolean force) {
        remove(c, force, false);
    }

    public void remove(Container c, boolean force, boolean removeVolumes) {
        remove(c, "/" + c.name(), force, removeVolumes);
    }

    /**
     * {@code removeVolumes}: {@code rm -v} (and {@code --rm}) also removes the container's anonymous volumes.
     * {@code ref}: the container as the client named it, in "removal ... already in progress"; the state errors name it
     * as moby's cleanupContainer does, by {@code container.Name} ({@code cannot remove container "/name": ...}).
     */
    public void remove(Container c, String ref, boolean force, boolean removeVolumes) {
        String cannot = "cannot remove container \"/" + c.name() + "\": ";
        synchronized (c.lifecycleLock) {
            if (c.state().status() == ContainerStatus.REMOVING) {
                throw EngineException.conflict("removal of container " + ref + " is already in progress");
            }
            if (!store.find(c.id()).isPresent()) {
                return;
            }
            if (c.state().status() == ContainerStatus.RESTARTING && !force) {
                throw EngineException.conflict(cannot
                        + "container is restarting: stop the container before removing or force remove");
            }
            if (force) {
                restarts.forget(c);
            }
        }
        if (c.isRunning()) {
            if (!force) {
                throw EngineException.conflict(cannot + (c.state().status() == ContainerStatus.PAUSED
                        ? "container is paused and must be unpaused first"
                        : "container is running: stop the container before removing or force remove"));
            }
            runtime.kill(c, Signals.SIGKILL);
            events.emit(c, "kill", Map.of("signal", Integer.toString(Signals.SIGKILL))); // as moby's rm -f
            thawIfPaused(c);
            if (!await(c.notRunning(), 30_000)) {
                throw EngineException.system("could not kill running container " + c.id()
                        + ", cannot remove", null);
            }
        }
        removal.removeStopped(c, removeVolumes);
    }

    /**
     * After a daemon restart, before the network and volume features restore: makes every record agree with what
     * the container's monitor and the kernel report (adopts a started container recorded as not running, kills what
     * was never started or lost its monitor). See {@link ContainerRestore}.
     */
    public void reconcile() {
        restoring.reconcile();
    }

    /**
     * After a daemon restart, once every feature is up: reconnects to each running container's monitor or records
     * the exit it missed, finishes interrupted removals, applies restart policies.
     */
    public void restore() {
        restoring.restore();
    }

    /** Watches a running container's monitor for its exit (a start, or a container adopted after a restart). */
    void watch(Container c, MonitorSession s) {
        watches.put(c.id(), s);
        s.listen(new ExitWatch(c));
        s.skipOutput();
        health.started(c);
    }

    /** docker restart: stop (not as a user stop) if running, then start with a fresh restart count. */
    public void restart(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        if (c.isRunning()) {
            stop(c, signal, timeoutSeconds, false);
        }
        synchronized (c.lifecycleLock) {
            if (c.state().status() == ContainerStatus.RESTARTING) {
                restarts.cancelPending(c);
                store.update(c, c.state().withStatus(ContainerStatus.EXITED));
            }
            launch(c, true);
        }
        events.emit(c, "restart");
    }

    /** A stopping container that is paused must be thawed to die (cgroup v1 freezer). */
    private void thawIfPaused(Container c) {
        synchronized (c.lifecycleLock) {
            if (c.state().status() != ContainerStatus.PAUSED) {
                return;
            }
            try {
                runtime.resume(c);
                store.update(c, c.state().withStatus(ContainerStatus.RUNNING));
                events.emit(c, "unpause");
            } catch (RuntimeException e) {
                LOG.warn("unpausing {} to stop it: {}", c.id(), e.getMessage());
            }
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
            // asked for none (skipOutput; an older monitor still sends it): logs are in the log file, attach has
            // its own sessions
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
