package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A hand-written {@link ContainerBackend} and {@link LifecycleBackend} for router tests: containers by name and ID,
 * every call but {@link #get} recorded as one readable line, canned answers, and an {@link EngineException} to throw
 * from a named method.
 */
public final class FakeContainers implements ContainerBackend, LifecycleBackend {
    private final Map<String, Container> byRef = new HashMap<>();
    private final Map<String, RuntimeException> failures = new HashMap<>();
    /** The calls in order, e.g. {@code stop web Optional[SIGINT] Optional[5]}. */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    public ContainerCreateRequest created;
    public ContainerLogs.Options logOptions;
    public AttachSession.Streams attachStreams;
    public ContainerUpdateRequest updated;
    public List<ContainerSummary> summaries = List.of();
    public List<String> updateWarnings = List.of();
    public List<String> pruned = List.of();
    public long reclaimed;
    /** What {@link #logs} writes to the response. */
    public byte[] logBytes = new byte[0];
    /** What {@link #waitFor} returns; complete it to answer the wait. */
    public final CompletableFuture<ContainerRunState> waitResult = new CompletableFuture<>();

    /** The 64-character ID of the container named {@code name}: the name, then zeros. */
    public static String id(String name) {
        return name + "0".repeat(64 - name.length());
    }

    /** A container named {@code name} with ID {@link #id}, found by both. */
    public Container add(String name, boolean tty, boolean running) {
        return add(name, ContainerConfig.builder().tty(tty).cmd(List.of("sh", "-c", "true")).build(),
                HostConfig.builder().build(), running ? ContainerStatus.RUNNING : ContainerStatus.CREATED);
    }

    public Container add(String name, ContainerConfig config, HostConfig hostConfig, ContainerStatus status) {
        ContainerRecord rec = new ContainerRecord(id(name), name, "2024-01-01T00:00:00Z", "sh", List.of(),
                "sha256:" + "ab".repeat(32), config, hostConfig);
        ContainerRunState st = ContainerRunState.created();
        if (status != ContainerStatus.CREATED) {
            st = st.running(4242, 99, "2024-01-01T00:00:01Z").withStatus(status);
        }
        Container c = new Container(rec, st, Path.of("/nonexistent/containers", name));
        byRef.put(name, c);
        byRef.put(c.id(), c);
        return c;
    }

    /** The next call of {@code method} (after it is recorded) throws {@code e}. */
    public void failOn(String method, RuntimeException e) {
        failures.put(method, e);
    }

    private void call(String method, Object... args) {
        StringBuilder line = new StringBuilder(method);
        for (Object a : args) {
            line.append(' ').append(a instanceof Container c ? c.name() : a);
        }
        calls.add(line.toString());
        RuntimeException e = failures.remove(method);
        if (e != null) {
            throw e;
        }
    }

    /** Filters as a sorted {@code {key=[values]}} map, for recorded lines. */
    public static String show(Filters f) {
        Map<String, Object> m = new TreeMap<>();
        f.keys().forEach(k -> m.put(k, new java.util.TreeSet<>(f.values(k))));
        return m.toString();
    }

    @Override
    public Container get(String ref) {
        RuntimeException e = failures.remove("get");
        if (e != null) {
            throw e;
        }
        Container c = byRef.get(ref);
        if (c == null) {
            throw EngineException.noSuchContainer(ref);
        }
        return c;
    }

    @Override
    public void event(Container c, String action, Map<String, String> extra) {
        call("event", c, action, new TreeMap<>(extra));
    }

    @Override
    public Container create(String name, ContainerCreateRequest req) {
        call("create", name);
        created = req;
        return add(name.isEmpty() ? "generated" : name, false, false);
    }

    @Override
    public List<ContainerSummary> list(boolean all, long limit, Filters filters) {
        call("list", "all=" + all, "limit=" + limit, show(filters));
        return summaries;
    }

    @Override
    public ContainerInspect inspect(String ref) {
        call("inspect", ref);
        Container c = get(ref);
        return ContainerInspect.builder().id(c.id()).name(c.name()).build();
    }

    @Override
    public void start(Container c) {
        call("start", c);
    }

    @Override
    public void stop(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        call("stop", c, signal, timeoutSeconds);
    }

    @Override
    public void kill(Container c, int signal) {
        call("kill", c, signal);
    }

    @Override
    public void remove(Container c, String ref, boolean force, boolean removeVolumes) {
        call("remove", c, ref, "force=" + force, "v=" + removeVolumes);
    }

    @Override
    public void removeLink(String ref) {
        call("removeLink", ref);
    }

    @Override
    public CompletableFuture<ContainerRunState> waitFor(Container c, String condition) {
        call("waitFor", c, condition);
        return waitResult;
    }

    /** Returns a session already over: the router's run() closes the connection at once. */
    @Override
    public AttachSession openAttach(Container c, AttachSession.Streams streams, boolean logs) {
        call("openAttach", c);
        attachStreams = streams;
        AttachSession s = new AttachSession(c, null, streams, () -> { });
        s.abandon();
        return s;
    }

    @Override
    public void resize(Container c, int height, int width) {
        call("resize", c, "h=" + height, "w=" + width);
    }

    @Override
    public void logs(Container c, ContainerLogs.Options o, OutputStream out, CompletableFuture<Void> clientGone)
            throws IOException {
        call("logs", c);
        logOptions = o;
        out.write(logBytes);
    }

    @Override
    public void restart(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds) {
        call("restart", c, signal, timeoutSeconds);
    }

    @Override
    public void pause(Container c) {
        call("pause", c);
    }

    @Override
    public void unpause(Container c) {
        call("unpause", c);
    }

    @Override
    public void rename(Container c, String newName) {
        call("rename", c, newName);
    }

    @Override
    public List<String> update(Container c, ContainerUpdateRequest req) {
        call("update", c);
        updated = req;
        return updateWarnings;
    }

    @Override
    public ContainerPruner.Report prune(Filters filters) {
        call("prune", show(filters));
        return new ContainerPruner.Report(pruned, reclaimed);
    }
}
