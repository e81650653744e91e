package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** The container feature's facade for the router: create, query, lifecycle, logs, attach, wait. */
public final class ContainerService {
    private static final Set<String> LIST_FILTERS = Set.of("id", "name", "label", "status", "exited", "ancestor",
            "before", "since", "volume", "network", "health", "publish", "expose", "is-task");

    private final ContainerStore store;
    private final ContainerCreator creator;
    private final ContainerLifecycle lifecycle;
    private final RuntimeBackend runtime;
    private final ContainerViews views;
    private final ContainerLogs logs = new ContainerLogs();

    public ContainerService(ContainerStore store, ImageSource images, RuntimeBackend runtime, Path hostResolvConf,
            ExecutorService background) {
        this.store = store;
        this.runtime = runtime;
        this.creator = new ContainerCreator(store, images, new HostConfigValidator(), new ContainerFiles(hostResolvConf));
        this.lifecycle = new ContainerLifecycle(store, runtime, images, background);
        this.views = new ContainerViews(id -> id, images::rootfs);
    }

    public ContainerStore store() {
        return store;
    }

    public ContainerLifecycle lifecycle() {
        return lifecycle;
    }

    public Container create(String name, ContainerCreateRequest req) {
        return creator.create(name, req);
    }

    public Container get(String ref) {
        return store.get(ref);
    }

    public ContainerInspect inspect(String ref) {
        return views.inspect(store.get(ref));
    }

    public List<ContainerSummary> list(boolean all, long limit, Filters filters) {
        filters.validate(LIST_FILTERS);
        ContainerFilter f = new ContainerFilter(filters, store);
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : store.all()) {
            boolean running = c.isRunning();
            if (!all && !running && limit <= 0 && !filters.keys().contains("status")
                    && !filters.keys().contains("exited")) {
                continue;
            }
            if (!f.matches(c)) {
                continue;
            }
            out.add(views.summary(c));
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** Counts for /info: total, running, paused, stopped. */
    public int[] counts() {
        int running = 0;
        int paused = 0;
        int total = 0;
        for (Container c : store.all()) {
            total++;
            if (c.state().status() == ContainerStatus.PAUSED) {
                paused++;
            } else if (c.isRunning()) {
                running++;
            }
        }
        return new int[] {total, running, paused, total - running - paused};
    }

    public CompletableFuture<ContainerRunState> waitFor(Container c, String condition) {
        return switch (condition) {
            case "", "not-running" -> c.notRunning();
            case "next-exit" -> c.nextExit();
            case "removed" -> c.removedFuture();
            default -> throw EngineException.invalid("invalid condition: \"" + condition + "\"");
        };
    }

    public void logs(Container c, ContainerLogs.Options o, OutputStream out, CompletableFuture<Void> clientGone)
            throws IOException {
        logs.write(c, o, out, clientGone);
    }

    public void attach(Container c, HijackedConnection conn, AttachSession.Streams streams,
            CompletableFuture<Void> clientGone) {
        new AttachSession(c, runtime, conn, streams).run(clientGone);
    }

    public void resize(Container c, int height, int width) {
        if (!c.isRunning()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        try (MonitorSession s = runtime.connect(c)) {
            s.resize(height, width);
        }
    }

    public Optional<Container> find(String ref) {
        return store.find(ref);
    }
}
