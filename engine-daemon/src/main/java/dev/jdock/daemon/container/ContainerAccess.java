package dev.jdock.daemon.container;

import dev.jdock.daemon.events.EventSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Containers as the features beside the container service see them (exec, the runtime's namespace joins): found by
 * name or ID, the environment their processes start from, and their events with Docker's attributes. Built from
 * the store and the network feature before the container service, so those features need not wait for it.
 */
public final class ContainerAccess implements ContainerLookup {
    private final ContainerStore store;
    private final ContainerNetworking networking;
    private final ContainerEvents events;

    public ContainerAccess(ContainerStore store, ContainerNetworking networking, EventSink events) {
        this.store = store;
        this.networking = networking;
        this.events = new ContainerEvents(events);
    }

    @Override
    public Container get(String ref) {
        return store.get(ref);
    }

    public Optional<Container> find(String ref) {
        return store.find(ref);
    }

    /**
     * The environment a process of {@code c} starts from before Docker's PATH/HOSTNAME/TERM: the links' variables
     * (moby puts them before Config.Env, which overrides them), then Config.Env.
     */
    public List<String> processEnv(Container c) {
        return LinkedEnv.merge(networking.linkEnv(c), c.record().config().env());
    }

    @Override
    public void event(Container c, String action, Map<String, String> extra) {
        events.emit(c, action, extra);
    }
}
