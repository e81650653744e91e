package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.Failpoints;

/** pause and unpause through the cgroup freezer, with moby's errors; the status is PAUSED while frozen. */
final class ContainerPauser {
    private final ContainerStore store;
    private final RuntimeBackend runtime;
    private final ContainerEvents events;

    ContainerPauser(ContainerStore store, RuntimeBackend runtime, ContainerEvents events) {
        this.store = store;
        this.runtime = runtime;
        this.events = events;
    }

    void pause(Container c) {
        synchronized (c.lifecycleLock) {
            ContainerStatus st = c.state().status();
            if (st == ContainerStatus.RESTARTING) {
                throw EngineException.conflict("Container " + c.id()
                        + " is restarting, wait until the container is running");
            }
            if (!c.isRunning()) {
                throw EngineException.conflict("Container " + c.id() + " is not running");
            }
            if (st == ContainerStatus.PAUSED) {
                throw EngineException.conflict("Container " + c.id() + " is already paused");
            }
            try {
                runtime.pause(c);
            } catch (EngineException e) {
                throw e;
            } catch (RuntimeException e) {
                throw EngineException.system("Cannot pause container " + c.id() + ": " + e.getMessage(), e);
            }
            Failpoints.reach("pause.frozen"); // frozen; not recorded yet
            store.update(c, c.state().withStatus(ContainerStatus.PAUSED));
            events.emit(c, "pause");
        }
    }

    void unpause(Container c) {
        synchronized (c.lifecycleLock) {
            if (c.state().status() != ContainerStatus.PAUSED) {
                // moby's containerUnpause: a plain error, 500
                throw EngineException.system("Container " + c.id() + " is not paused", null);
            }
            try {
                runtime.resume(c);
            } catch (EngineException e) {
                throw e;
            } catch (RuntimeException e) {
                throw EngineException.system("Cannot unpause container " + c.id() + ": " + e.getMessage(), e);
            }
            Failpoints.reach("unpause.thawed"); // thawed; not recorded yet
            store.update(c, c.state().withStatus(ContainerStatus.RUNNING));
            events.emit(c, "unpause");
        }
    }
}
