package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.daemon.store.Failpoints;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restarted daemon's view of its containers made true again. jdockd can be killed at any instant of a start (a
 * monitor launched and holding its process, START sent but the state not written) or of a removal; what runs is
 * then known only to the monitors and the kernel. Two phases:
 * <ol>
 * <li>{@link #reconcile}, before the network and volume features restore (they go by which containers run): each
 * record is checked against {@link RuntimeBackend#probe}; a started process recorded as not running is adopted
 * (running, its pid and start time from the monitor), a process that was never started or lost its monitor is
 * killed and its cgroups, mounts and run files removed ({@link RuntimeBackend#discard}); an exit that happened
 * while no daemon watched a launch is recorded.</li>
 * <li>{@link #restore}, once every feature is up: watches of running containers, exits they missed, removals to
 * finish, restart policies.</li>
 * </ol>
 * So no container is shown in a state its processes contradict, and nothing a crash left behind stays.
 */
final class ContainerRestore {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRestore.class);

    private final ContainerStore store;
    private final RuntimeBackend runtime;
    private final ContainerLifecycle lifecycle;
    private final ExecutorService background;
    private final ImageSource images;

    ContainerRestore(ContainerStore store, RuntimeBackend runtime, ImageSource images, ContainerLifecycle lifecycle,
            ExecutorService background) {
        this.images = images;
        this.store = store;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.background = background;
    }

    void reconcile() {
        Set<String> known = store.idsOnDisk(); // an unreadable record keeps its root fs and processes
        runtime.discardUnknown(known);
        removeUnknownRootfs(known);
        for (Container c : store.all()) {
            ContainerStatus st = c.state().status();
            if (st == ContainerStatus.REMOVING || st == ContainerStatus.DEAD) {
                continue; // the removal, finished in restore(), ends whatever is left
            }
            try {
                reconcile(c);
            } catch (RuntimeException e) {
                LOG.warn("reconciling container {} with its processes: {}", c.id(), e.getMessage());
            }
        }
        Failpoints.reach("restore.reconciled"); // every record made true; removals and watches not restored yet
    }

    private void reconcile(Container c) {
        RuntimeBackend.Probe p = runtime.probe(c);
        if (c.isRunning()) {
            switch (p.kind()) {
                case RUNNING -> {
                    // a pause or unpause the dead daemon did not record: the freezer says which it is
                    ContainerStatus frozen = runtime.paused(c) ? ContainerStatus.PAUSED : ContainerStatus.RUNNING;
                    if (p.pid() != c.state().pid() || p.monitorPid() != c.state().monitorPid()
                            || frozen != c.state().status()) {
                        store.update(c, c.state().running(p.pid(), p.monitorPid(), c.state().startedAt())
                                .withStatus(frozen));
                    }
                    runtime.launchSettled(c);
                }
                // restore() records the exit (no monitor): kill first what would outlive it
                case HELD, ORPHANS -> runtime.discard(c);
                default -> {
                    // SILENT: a monitor older than the STATUS question, adopted as recorded; NOTHING, LEFTOVERS:
                    // restore() records the exit and cleans up
                }
            }
            return;
        }
        switch (p.kind()) {
            case RUNNING -> adopt(c, p);
            case NOTHING -> {
            }
            default -> {
                recordUnseenExit(c, p);
                runtime.discard(c);
                Failpoints.reach("restore.discarded");
                LOG.info("container {} ({}): removed what a {} launch left ({})", c.id(),
                        c.state().status().wire(), p.launchedAt().isPresent() ? "interrupted" : "past",
                        p.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    /** Root filesystems whose container record was never written (a daemon killed during a create). */
    private void removeUnknownRootfs(Set<String> known) {
        try {
            for (String id : images.rootfsIds()) {
                int dot = id.indexOf('.'); // <container-id>.img<N>: a container's image mount (VolumeMounts)
                if (!known.contains(dot > 0 ? id.substring(0, dot) : id)) {
                    images.removeRootfs(id);
                    LOG.info("removed the root filesystem of a container whose creation did not finish: {}", id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("removing root filesystems of unfinished creates: {}", e.getMessage());
        }
    }

    /** START reached the monitor but the daemon died before recording it: the container runs, so it is running. */
    private void adopt(Container c, RuntimeBackend.Probe p) {
        String startedAt = p.startedAt().or(p::launchedAt).orElseGet(Instant::now).toString();
        store.update(c, c.state().running(p.pid(), p.monitorPid(), startedAt).withHealth(HealthMonitor.onStart(c)));
        runtime.launchSettled(c);
        LOG.info("adopted container {}: started (pid {}) by a daemon that died before recording it", c.id(),
                p.pid());
    }

    /**
     * A launch whose monitor has finished while no daemon watched: its exit file (newer than the launch intent)
     * says how it ended. A failed start keeps a container that never ran "created", as {@code startFailed} does.
     */
    private void recordUnseenExit(Container c, RuntimeBackend.Probe p) {
        if (p.launchedAt().isEmpty() || p.kind() != RuntimeBackend.Probe.Kind.LEFTOVERS) {
            return;
        }
        Optional<RuntimeBackend.ExitInfo> exit = runtime.recordedExit(c)
                .filter(e -> !e.finishedAt().isBefore(p.launchedAt().get()));
        if (exit.isEmpty()) {
            return;
        }
        RuntimeBackend.ExitInfo e = exit.get();
        ContainerRunState s = c.state();
        boolean failedStart = !e.error().isEmpty() && (e.exitCode() == 126 || e.exitCode() == 127);
        ContainerRunState recorded = failedStart
                ? new ContainerRunState(s.status() == ContainerStatus.RESTARTING ? ContainerStatus.EXITED
                        : s.status(), 0, 0, e.exitCode(), e.error(), s.startedAt(), s.finishedAt(), false,
                        s.restartCount(), s.manuallyStopped(), s.health())
                : s.running(0, 0, p.launchedAt().get().toString()).exited(e.exitCode(), e.error(),
                        e.finishedAt().toString(), e.oomKilled());
        store.update(c, recorded);
        LOG.info("container {} ran and exited ({}) while no daemon watched it", c.id(), e.exitCode());
    }

    void restore() {
        for (Container c : store.all()) {
            ContainerStatus st = c.state().status();
            if (st == ContainerStatus.REMOVING || st == ContainerStatus.DEAD) {
                finishRemoval(c);
                continue;
            }
            if (!c.isRunning()) {
                restartOnDaemonStart(c);
                continue;
            }
            Optional<MonitorSession> s = runtime.reconnect(c);
            if (s.isPresent()) {
                lifecycle.watch(c, s.get());
                LOG.info("restored running container {}", c.id());
                continue;
            }
            RuntimeBackend.ExitInfo exit = runtime.recordedExit(c).orElse(new RuntimeBackend.ExitInfo(
                    255, Instant.now(), false, "container monitor disappeared"));
            lifecycle.exited(c, exit);
        }
    }

    /** moby's restore: restart-policy containers that are down come back when the daemon starts. */
    private void restartOnDaemonStart(Container c) {
        ContainerRunState st = c.state();
        boolean restart = st.status() == ContainerStatus.RESTARTING
                || st.status() == ContainerStatus.EXITED && RestartManager.restartOnDaemonStart(
                        RestartPolicies.of(c.record().hostConfig()), st.exitCode(), st.restartCount(),
                        st.manuallyStopped());
        if (!restart || c.record().hostConfig().autoRemove()) {
            return;
        }
        LOG.info("restarting container {} (restart policy {})", c.id(),
                RestartPolicies.of(c.record().hostConfig()).name());
        background.execute(() -> {
            try {
                synchronized (c.lifecycleLock) {
                    if (c.state().status() == ContainerStatus.RESTARTING) {
                        store.update(c, c.state().withStatus(ContainerStatus.EXITED));
                    }
                    lifecycle.start(c);
                }
            } catch (RuntimeException e) {
                LOG.warn("restarting {} at daemon start: {}", c.id(), e.getMessage());
            }
        });
    }

    /** moby's restore: a removal that a dead daemon began is finished (Dead until then; rm retries it). */
    private void finishRemoval(Container c) {
        c.setState(c.state().withStatus(ContainerStatus.DEAD));
        background.execute(() -> {
            try {
                lifecycle.remove(c, true, true);
                LOG.info("finished the removal of container {}", c.id());
            } catch (RuntimeException e) {
                LOG.warn("finishing the removal of {}: {}", c.id(), e.getMessage());
            }
        });
    }
}
