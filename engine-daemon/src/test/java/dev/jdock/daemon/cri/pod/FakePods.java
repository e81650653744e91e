package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Records what was asked of the network and the runtime; fails where told to. */
public final class FakePods implements PodNetworking, InfraRuntime {
    public final List<String> calls = new ArrayList<>();
    public final Set<String> netns = new HashSet<>();
    public final Set<String> running = new HashSet<>();
    public String failAt = "";

    private void step(String what) {
        calls.add(what);
        if (what.startsWith(failAt) && !failAt.isEmpty()) {
            throw new IllegalStateException(what + " failed");
        }
    }

    @Override
    public Path createNetns(String id) {
        step("netns " + id.substring(0, 4));
        netns.add(id);
        return Path.of("/run/jdock/netns/" + id);
    }

    @Override
    public Path adoptNetns(String id, int pid) {
        step("adopt " + id.substring(0, 4) + " " + pid);
        netns.add(id);
        return Path.of("/run/jdock/netns/" + id);
    }

    @Override
    public List<String> attach(PodSandbox s, Path ns, RuntimeConfig config) {
        step("add " + config.portMappings().size());
        return List.of("10.90.0.5");
    }

    @Override
    public void detach(PodSandbox s, Path ns, RuntimeConfig config) {
        step("del " + config.portMappings().size());
    }

    @Override
    public void removeNetns(String id) {
        step("rmns");
        netns.remove(id);
    }

    @Override
    public Infra start(PodSandbox s) {
        step("start " + s.netns().isEmpty());
        running.add(s.id());
        return new Infra(100, 99);
    }

    @Override
    public void stop(PodSandbox s, Duration grace) {
        step("stop");
        running.remove(s.id());
    }

    @Override
    public boolean running(PodSandbox s) {
        return running.contains(s.id());
    }

    @Override
    public void cleanup(PodSandbox s) {
        step("cleanup");
    }

    /** A sandbox service on a store in {@code dir} with these fakes as its network and runtime. */
    public PodSandboxes sandboxes(Path dir) {
        return sandboxes(dir, PodMembers.NONE);
    }

    /** {@link #sandboxes(Path)} whose containers are {@code members}. */
    public PodSandboxes sandboxes(Path dir, PodMembers members) {
        PodSandboxStore store = new PodSandboxStore(dir);
        store.load();
        AtomicLong clock = new AtomicLong(1000);
        return new PodSandboxes(store, this, this, clock::incrementAndGet, members);
    }
}
