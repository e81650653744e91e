package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.events.EventSink;
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
public final class ContainerService implements ContainerBackend, LifecycleBackend {
    private static final Set<String> LIST_FILTERS = Set.of("id", "name", "label", "status", "exited", "ancestor",
            "before", "since", "volume", "network", "health", "publish", "expose", "is-task",
            "isolation");

    private final ContainerStore store;
    private final ContainerCreator creator;
    private final ContainerLifecycle lifecycle;
    private final RuntimeBackend runtime;
    private final ContainerViews views;
    private final ContainerLogs logs = new ContainerLogs();

    private final ContainerEvents events;
    private final ImageSource imageSource;
    private final EventSink eventSink;
    private final ContainerNetworking networking;
    private final ContainerMounts mounts;
    private final ContainerPauser pauser;
    private final ContainerUpdater updater;
    private final ContainerPruner pruner;

    public ContainerService(ContainerStore store, RuntimeBackend runtime, ContainerNeighbours neighbours,
            Path hostResolvConf, ExecutorService background, Scheduler scheduler) {
        this.store = store;
        this.runtime = runtime;
        this.imageSource = neighbours.images();
        this.eventSink = neighbours.events();
        this.networking = neighbours.networking();
        this.mounts = neighbours.mounts();
        this.events = new ContainerEvents(eventSink);
        this.creator = new ContainerCreator(store, imageSource, new HostConfigValidator(runtime.cgroupDriver()),
                new ContainerFiles(hostResolvConf));
        this.lifecycle = new ContainerLifecycle(store, runtime, neighbours, background, scheduler);
        this.views = new ContainerViews(imageSource::rootfs, neighbours, store::find, runtime::appArmorProfile);
        this.pauser = new ContainerPauser(store, runtime, events);
        this.updater = new ContainerUpdater(store, runtime);
        this.pruner = new ContainerPruner(store, lifecycle, imageSource);
    }

    /** For tests of this package. */
    ContainerStore store() {
        return store;
    }

    /** For tests of this package. */
    ContainerLifecycle lifecycle() {
        return lifecycle;
    }

    /** Start-up: the records are compared with the monitors and the kernel (before networks and volumes boot). */
    public void reconcile() {
        lifecycle.reconcile();
    }

    /** Start-up, last: monitor sessions, restart policies and health checks of the containers that run. */
    public void restore() {
        lifecycle.restore();
    }

    @Override
    public void start(Container c) {
        lifecycle.start(c);
    }

    @Override
    public void stop(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        lifecycle.stop(c, signal, timeoutSeconds);
    }

    @Override
    public void restart(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        lifecycle.restart(c, signal, timeoutSeconds);
    }

    @Override
    public void kill(Container c, int signal) {
        lifecycle.kill(c, signal);
    }

    @Override
    public void remove(Container c, String ref, boolean force, boolean removeVolumes) {
        lifecycle.remove(c, ref, force, removeVolumes);
    }

    @Override
    public Container create(String name, ContainerCreateRequest req) {
        return create(name, null, req);
    }

    @Override
    public Container create(String name, String platform, ContainerCreateRequest req) {
        return create(name, platform, req, null);
    }

    private Container create(String name, String platform, ContainerCreateRequest req, PodLink link) {
        if (req != null && req.hostConfig() != null && req.hostConfig().logConfig() != null) {
            dev.jdock.daemon.logging.LogOptions.validate(req.hostConfig().logConfig().type(),
                    req.hostConfig().logConfig().config());
        }
        RestartPolicies.validateCreate(req == null ? null : req.hostConfig());
        if (req != null) {
            networking.validateCreate(req);
        }
        Container c = creator.create(name, platform, req, link);
        try {
            checkLogAttrs(c);
            mounts.created(c);
        } catch (RuntimeException e) {
            imageSource.removeRootfs(c.id());
            store.remove(c);
            throw e;
        }
        networking.created(c, req);
        events.emit(c, "create");
        return c;
    }

    /**
     * json-file attrs over the monitor's bound are refused now, not at every start (the daemon's own log-opts are
     * added at the start, and checked again then).
     */
    private static void checkLogAttrs(Container c) {
        HostConfig hc = c.record().hostConfig();
        if (hc == null || hc.logConfig() == null || hc.logConfig().config() == null
                || !(hc.logConfig().type() == null || hc.logConfig().type().isEmpty()
                        || hc.logConfig().type().equals("json-file"))) {
            return;
        }
        SpecFactory.checkLogAttrs(c, hc.logConfig().config());
    }

    /**
     * A Kubernetes CRI container: created as {@link #create(String, ContainerCreateRequest)} does (the same checks,
     * image defaults, files, volumes and events), tied to its pod sandbox by {@code link}, which only the CRI sets.
     */
    public Container createInPod(String name, ContainerCreateRequest req, PodLink link) {
        return create(name, null, req, java.util.Objects.requireNonNull(link, "link"));
    }

    /**
     * The CRI's ReopenContainerLog: the running container's monitor writes out what it holds and opens its log file
     * again at its path (the kubelet renamed it to rotate it).
     */
    public void reopenLog(Container c) {
        if (!c.isRunning()) {
            throw EngineException.conflict("container is not running");
        }
        try (MonitorSession s = runtime.connect(c)) {
            s.reopenLog();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            throw EngineException.system("failed to reopen the log of container " + c.id() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The containers of pod sandboxes (those with a {@link PodLink}). */
    public List<Container> podContainers() {
        return store.all().stream().filter(c -> c.record().podLink() != null).toList();
    }

    @Override
    public Container get(String ref) {
        return store.get(ref);
    }

    @Override
    public ContainerInspect inspect(String ref) {
        return views.inspect(store.get(ref));
    }

    @Override
    public List<ContainerSummary> list(boolean all, long limit, Filters filters) {
        filters.validate(LIST_FILTERS);
        ContainerFilter f = new ContainerFilter(filters, store, this::imageIdOf);
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : store.all()) {
            boolean running = c.isRunning() || c.state().status() == ContainerStatus.RESTARTING;
            if (!all && !running && limit <= 0 && !filters.keys().contains("status")
                    && !filters.keys().contains("exited")) {
                continue;
            }
            if (!f.matches(c) || hiddenPodContainer(c, all, filters)) {
                continue;
            }
            ContainerSummary summary = views.summary(c);
            if (!f.matchesSummary(summary)) {
                continue;
            }
            out.add(summary);
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /**
     * A Kubernetes CRI container is left out of {@code docker ps} unless {@code --all} or a label filter asks for it
     * (as cri-dockerd did: {@code --filter label=io.kubernetes.pod.name=web}).
     */
    private static boolean hiddenPodContainer(Container c, boolean all, Filters filters) {
        return c.record().podLink() != null && !all && !filters.keys().contains("label");
    }

    /** The full ID of an image reference or ID, for the ancestor filter; empty when there is no such image. */
    private Optional<String> imageIdOf(String ref) {
        try {
            return Optional.of(imageSource.resolve(ref).id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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

    @Override
    public CompletableFuture<ContainerRunState> waitFor(Container c, String condition) {
        return switch (condition) {
            case "", "not-running" -> c.notRunning();
            case "next-exit" -> c.nextExit();
            case "removed" -> c.removedFuture();
            default -> throw EngineException.invalid("invalid condition: \"" + condition + "\"");
        };
    }

    @Override
    public void checkLogger(Container c) {
        if (!c.isRunning()) { // a running container's logger was made by its start
            runtime.checkLogger(c);
        }
    }

    @Override
    public void logs(Container c, ContainerLogs.Options o, OutputStream out, CompletableFuture<Void> clientGone)
            throws IOException {
        logs.write(c, o, out, clientGone);
    }

    /**
     * A build step's output: everything the container writes, stdout and stderr framed as for a non-TTY attach,
     * from its start until it exits (or {@code stop} completes). For the builder, which reads its step containers
     * through their log.
     */
    public void followOutput(Container c, OutputStream out, CompletableFuture<Void> stop) throws IOException {
        logs.write(c, new ContainerLogs.Options(true, true, true, -1, false, Optional.empty(), Optional.empty()), out,
                stop);
    }

    /** Registers an attach before the connection is hijacked, so that no output is lost (see AttachSession). */
    @Override
    public AttachSession openAttach(Container c, AttachSession.Streams streams, boolean logs) {
        AttachSession a = new AttachSession(c, runtime, streams, () -> events.emit(c, "detach"));
        a.register(logs);
        events.emit(c, "attach");
        return a;
    }

    /**
     * The CRI's streaming Attach: bridges {@code conn} to the container's main process (output framed as for a
     * non-TTY attach unless it has a TTY) until the process exits or {@code clientGone} completes.
     */
    public void attachStreaming(Container c, boolean stdin, boolean stdout, boolean stderr, HijackedConnection conn,
            CompletableFuture<Void> clientGone) {
        openAttach(c, new AttachSession.Streams(stdin, stdout, stderr), false).run(conn, clientGone);
    }

    @Override
    public void resize(Container c, int height, int width) {
        if (!c.isRunning()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        try (MonitorSession s = runtime.connect(c)) {
            s.resize(height, width);
        }
        events.emit(c, "resize", java.util.Map.of("height", Integer.toString(height), "width",
                Integer.toString(width)));
    }

    public Optional<Container> find(String ref) {
        return store.find(ref);
    }

    /**
     * {@code DELETE /containers/<parent>/<alias>?link=true} (the CLI's {@code rm --link}), as moby's rmLink: the
     * name must be a link name; the parent forgets the link (inspect, /etc/hosts, the environment of later starts
     * and execs). A plain container name is moby's 500 "Conflict, cannot remove the default link name".
     */
    @Override
    public void removeLink(String ref) {
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            store.get(name);
            throw EngineException.system("Conflict, cannot remove the default link name of the container", null);
        }
        Container parent = store.find(name.substring(0, slash))
                .orElseThrow(() -> EngineException.noSuchContainer(name));
        synchronized (parent.lifecycleLock) {
            List<String> kept = networking.withoutLink(parent, name.substring(slash + 1))
                    .orElseThrow(() -> EngineException.noSuchContainer(name));
            ContainerRecord r = parent.record();
            store.updateRecord(parent, r.withHostConfig(r.hostConfig().toBuilder()
                    .links(kept.isEmpty() ? null : kept).build()));
        }
        networking.linksChanged(parent);
    }

    @Override
    public void pause(Container c) {
        pauser.pause(c);
    }

    @Override
    public void unpause(Container c) {
        pauser.unpause(c);
    }

    /** moby's ContainerRename: Docker's validation and messages; emits "rename" with the old name. */
    @Override
    public void rename(Container c, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw EngineException.invalid("Neither old nor new names may be empty");
        }
        String name = newName.startsWith("/") ? newName.substring(1) : newName;
        String old = c.name();
        if (old.equals(name)) {
            throw EngineException.invalid("Renaming a container with the same name as its current name");
        }
        // moby's reserveName checks "/"+name; rename wraps what it refuses
        String allocating = "Error when allocating new name: ";
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
            throw EngineException.invalid(allocating + "Invalid container name (/" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        try {
            store.rename(c, name);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), allocating + e.getMessage(), e);
        }
        events.emit(c, "rename", java.util.Map.of("oldName", "/" + old));
    }

    /** {@code POST /containers/{id}/update}: returns the warnings. */
    @Override
    public List<String> update(Container c, ContainerUpdateRequest req) {
        List<String> warnings = updater.update(c, req);
        events.emit(c, "update");
        return warnings;
    }

    /** {@code POST /containers/prune}. */
    @Override
    public ContainerPruner.Report prune(Filters filters) {
        ContainerPruner.Report r = pruner.prune(filters, java.time.Instant.now());
        try {
            eventSink.emit("container", "prune", "", java.util.Map.of("reclaimed",
                    Long.toString(r.spaceReclaimed())));
        } catch (RuntimeException e) {
            // events never break a request
        }
        return r;
    }

    /**
     * Emits a container event for another feature (exec, commit) with Docker's attributes: the container's labels,
     * image and name, then {@code extra}. Never throws.
     */
    @Override
    public void event(Container c, String action, java.util.Map<String, String> extra) {
        events.emit(c, action, extra);
    }
}
