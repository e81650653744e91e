package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.daemon.api.Filters;
import java.util.List;
import java.util.Optional;

/** What {@link LifecycleRoutes} needs: restart, pause, unpause, rename, update and prune. */
public interface LifecycleBackend extends ContainerLookup {
    void restart(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds);

    void pause(Container c);

    void unpause(Container c);

    void rename(Container c, String newName);

    /** Returns the warnings. */
    List<String> update(Container c, ContainerUpdateRequest req);

    ContainerPruner.Report prune(Filters filters);
}
