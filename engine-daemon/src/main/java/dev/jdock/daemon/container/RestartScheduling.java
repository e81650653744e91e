package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restart policies at work for {@link ContainerLifecycle}: the back-off after an exit ({@link RestartManager}),
 * the pending restart timers, and what a user's start, stop, kill or removal does to them. Every method that
 * touches a container's state runs under its lifecycle lock, as the lifecycle's own steps do.
 */
final class RestartScheduling {
    private static final Logger LOG = LoggerFactory.getLogger(RestartScheduling.class);

    private final ContainerStore store;
    private final Scheduler scheduler;
    private final Executor background;
    /** Starts a container again after its back-off (the lifecycle's launch, not as a user start). */
    private final Consumer<Container> relaunch;
    private final RestartManager restarts = new RestartManager();
    private final Map<String, Scheduler.Cancellable> pending = new ConcurrentHashMap<>();

    RestartScheduling(ContainerStore store, Scheduler scheduler, Executor background, Consumer<Container> relaunch) {
        this.store = store;
        this.scheduler = scheduler;
        this.background = background;
        this.relaunch = relaunch;
    }

    /** A start by the user: a fresh back-off and restart count, no pending restart. */
    void userStart(Container c) {
        restarts.reset(c.id());
        cancelPending(c);
        store.update(c, c.state().withRestartCount(0).withManuallyStopped(false));
    }

    /** The delay before restarting an exited container, or null when its policy leaves it stopped. */
    Duration delayAfter(Container c, RuntimeBackend.ExitInfo exit) {
        if (c.record().hostConfig().autoRemove()) {
            return null;
        }
        Duration ranFor;
        try {
            ranFor = Duration.between(Instant.parse(c.state().startedAt()), exit.finishedAt());
        } catch (RuntimeException e) {
            ranFor = Duration.ZERO;
        }
        return restarts.shouldRestart(c.id(), RestartPolicies.of(c.record().hostConfig()), exit.exitCode(),
                c.state().restartCount(), c.state().manuallyStopped(), ranFor);
    }

    void schedule(Container c, Duration delay) {
        LOG.debug("restarting {} in {} ms", c.id(), delay.toMillis());
        pending.put(c.id(), scheduler.schedule(() -> background.execute(() -> restartNow(c)), delay));
    }

    /** The back-off is over: start it again unless the user stopped or removed it meanwhile. */
    void restartNow(Container c) {
        synchronized (c.lifecycleLock) {
            pending.remove(c.id());
            if (c.state().status() != ContainerStatus.RESTARTING || store.find(c.id()).isEmpty()) {
                return;
            }
            try {
                relaunch.accept(c);
            } catch (RuntimeException e) {
                LOG.warn("restarting {} failed: {}", c.id(), e.getMessage());
            }
        }
    }

    void cancelPending(Container c) {
        Scheduler.Cancellable t = pending.remove(c.id());
        if (t != null) {
            t.cancel();
        }
    }

    /** rm -f: no restart for it any more. */
    void forget(Container c) {
        restarts.cancel(c.id());
        cancelPending(c);
    }

    /** The container is gone: its back-off goes too. */
    void removed(Container c) {
        restarts.reset(c.id());
    }

    /** stop/kill of a container waiting to be restarted: it stays exited. Returns false if it is not restarting. */
    boolean cancelRestarting(Container c, boolean manual) {
        synchronized (c.lifecycleLock) {
            if (c.state().status() != ContainerStatus.RESTARTING) {
                return false;
            }
            forget(c);
            store.update(c, c.state().withStatus(ContainerStatus.EXITED).withManuallyStopped(manual));
            return true;
        }
    }

    /** A stop or kill by the user: no restart at the coming exit; unless-stopped stays down even after reboot. */
    void stoppedByUser(Container c, boolean manual) {
        synchronized (c.lifecycleLock) {
            restarts.cancel(c.id());
            if (manual && c.isRunning() && !c.state().manuallyStopped()) {
                store.update(c, c.state().withManuallyStopped(true));
            }
        }
    }
}
