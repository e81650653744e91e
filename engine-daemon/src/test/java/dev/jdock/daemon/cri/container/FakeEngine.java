package dev.jdock.daemon.cri.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.daemon.container.AppArmorProfiles;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.FakeAppArmor;
import dev.jdock.daemon.container.PodLink;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.monitor.UserFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Containers in memory: what the engine was asked, with states moved as a real engine moves them. */
public final class FakeEngine implements ContainerEngine {
    public final Map<String, Snapshot> containers = new LinkedHashMap<>();
    public final Map<String, ContainerCreateRequest> requests = new LinkedHashMap<>();
    public final List<String> calls = new ArrayList<>();
    /** What the next exec returns; null: it times out. */
    public ExecResult execResult = new ExecResult(0, new byte[0], new byte[0]);
    public int exitCodeOnStop = 137;
    /** A name another create reserves in the store between the CRI's check and this engine's create. */
    public String takenByAnother = "";
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger clock = new AtomicInteger();

    @Override
    public synchronized String create(String name, ContainerCreateRequest request, PodLink link) {
        if (name.equals(takenByAnother)
                || containers.values().stream().anyMatch(c -> c.record().name().equals(name))) {
            throw EngineException.conflict("Conflict. The container name \"/" + name + "\" is already in use");
        }
        String id = String.format("%04x", ids.incrementAndGet()) + "0".repeat(60);
        ContainerRecord r = new ContainerRecord(id, name, time(), "/bin/sh", List.of(), request.image(),
                request.toConfig(), request.hostConfig(), link);
        containers.put(id, new Snapshot(r, ContainerRunState.created()));
        requests.put(id, request);
        calls.add("create " + name);
        return id;
    }

    private String time() {
        return Instant.parse("2026-01-02T03:04:05Z").plusSeconds(clock.incrementAndGet()).toString();
    }

    @Override
    public synchronized void start(String id) {
        Snapshot s = get(id);
        calls.add("start " + id.substring(0, 4));
        containers.put(id, new Snapshot(s.record(), s.state().running(4242, 4241, time())));
    }

    /** The container's process ends by itself. */
    public synchronized void exit(String id, int code, boolean oom) {
        Snapshot s = get(id);
        containers.put(id, new Snapshot(s.record(), s.state().exited(code, "", time(), oom)));
    }

    @Override
    public synchronized void stop(String id, Duration grace) {
        Snapshot s = get(id);
        calls.add("stop " + id.substring(0, 4) + " " + grace.toSeconds());
        if (s.state().isRunning()) {
            exit(id, exitCodeOnStop, false);
        }
    }

    /** What a started container's init reported, per ID. */
    public final Map<String, UserFile.Identity> users = new LinkedHashMap<>();

    @Override
    public synchronized Optional<UserFile.Identity> startedUser(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized void remove(String id) {
        calls.add("remove " + id.substring(0, 4));
        containers.remove(id);
    }

    @Override
    public synchronized void update(String id, ContainerUpdateRequest resources) {
        Snapshot s = get(id);
        calls.add("update " + id.substring(0, 4) + " memory=" + resources.memory() + " swap="
                + resources.memorySwap() + " quota=" + resources.cpuQuota());
        containers.put(id, new Snapshot(s.record().withHostConfig(s.record().hostConfig().toBuilder()
                .memory(resources.memory()).cpuQuota(resources.cpuQuota()).build()), s.state()));
    }

    @Override
    public synchronized void reopenLog(String id) {
        get(id);
        calls.add("reopen " + id.substring(0, 4));
    }

    @Override
    public synchronized List<Snapshot> list() {
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized Optional<Snapshot> find(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    @Override
    public synchronized ExecResult exec(String id, List<String> cmd, Duration timeout, int maxBytes) {
        Snapshot s = get(id);
        calls.add("exec " + String.join(" ", cmd) + " " + timeout.toSeconds() + " " + maxBytes);
        if (!s.state().isRunning()) {
            throw EngineException.conflict("Container " + id + " is not running");
        }
        if (execResult == null) {
            throw new ExecTimeout("timeout " + timeout.toSeconds() + "s exceeded");
        }
        return execResult;
    }

    private Snapshot get(String id) {
        Snapshot s = containers.get(id);
        if (s == null) {
            throw EngineException.notFound("No such container: " + id);
        }
        return s;
    }

    /** CRI containers on this engine in {@code sandboxes}, their pod files under {@code runDirs}. */
    public CriContainers containers(PodSandboxes sandboxes, ContainerImages images, Path runDirs) {
        return containers(sandboxes, images, runDirs, new FakeAppArmor(false));
    }

    /** The same on a host whose AppArmor is {@code appArmor}. */
    public CriContainers containers(PodSandboxes sandboxes, ContainerImages images, Path runDirs,
            FakeAppArmor appArmor) {
        return new CriContainers(this, sandboxes::status, images, runDirs::resolve, () -> "node-1",
                file -> "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"file\":\"" + file + "\"}",
                new AppArmorProfiles(appArmor, runDirs.resolve("apparmor.d")));
    }
}
