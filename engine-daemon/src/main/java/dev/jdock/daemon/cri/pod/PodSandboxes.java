package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.cri.pod.PodSandbox.State;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The pod sandbox lifecycle behind RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus and
 * ListPodSandbox, as containerd's CRI runs it: what the runtime would refuse is refused first ({@link SandboxChecks}:
 * no netns or CNI ADD to undo), then the record (so that a jdockd killed midway finds what to undo),
 * then the network namespace and the CNI ADD, then the infra process; undone in reverse on failure. Stop and remove
 * may be repeated. Operations on one sandbox are serialised by its own lock; nothing global is held while CNI
 * plugins or the runtime work.
 */
public final class PodSandboxes {
    private static final SecureRandom IDS = new SecureRandom();

    private final PodSandboxStore store;
    private final PodNetworking network;
    private final InfraRuntime runtime;
    private final LongSupplier clock;
    private final PodMembers members;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** The kubelet's name of each pod attempt, reserved while its sandbox exists (containerd's name index). */
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final SandboxChanges changes = new SandboxChanges();

    /** What RunPodSandbox asks for, from the CRI's PodSandboxConfig. */
    public record Request(PodSandbox.Metadata metadata, String hostname, String logDirectory,
            Map<String, String> labels, Map<String, String> annotations, String runtimeHandler, String cgroupParent,
            PodSandbox.Namespaces namespaces, RuntimeConfig network, PodSandbox.Linux linux) {
        public Request {
            linux = linux == null ? PodSandbox.Linux.NONE : linux;
        }

        /** Without sysctls, DNS or security context ({@link PodSandbox.Linux#NONE}). */
        public Request(PodSandbox.Metadata metadata, String hostname, String logDirectory, Map<String, String> labels,
                Map<String, String> annotations, String runtimeHandler, String cgroupParent,
                PodSandbox.Namespaces namespaces, RuntimeConfig network) {
            this(metadata, hostname, logDirectory, labels, annotations, runtimeHandler, cgroupParent, namespaces,
                    network, PodSandbox.Linux.NONE);
        }
    }

    /** ListPodSandbox's filter: each part empty or null matches everything. */
    public record Filter(String id, State state, Map<String, String> labels) {
    }

    public PodSandboxes(PodSandboxStore store, PodNetworking network, InfraRuntime runtime, LongSupplier clock) {
        this(store, network, runtime, clock, PodMembers.NONE);
    }

    /** {@code members}: the sandboxes' containers, stopped and removed with them. */
    public PodSandboxes(PodSandboxStore store, PodNetworking network, InfraRuntime runtime, LongSupplier clock,
            PodMembers members) {
        this.members = members;
        this.store = store;
        this.network = network;
        this.runtime = runtime;
        this.clock = clock;
        for (PodSandbox s : store.all()) {
            names.put(name(s.metadata()), s.id());
        }
    }

    /** containerd's sandbox name: {@code <name>_<namespace>_<uid>_<attempt>}. */
    static String name(PodSandbox.Metadata m) {
        return m.name() + "_" + m.namespace() + "_" + m.uid() + "_" + m.attempt();
    }

    public PodSandbox run(Request req) {
        if (req.metadata() == null || req.metadata().name().isEmpty() || req.metadata().uid().isEmpty()
                || req.metadata().namespace().isEmpty()) {
            throw EngineException.invalid("sandbox config must include metadata with name, uid and namespace");
        }
        SandboxChecks.check(req);
        String id = newId();
        String name = name(req.metadata());
        String holder = names.putIfAbsent(name, id);
        if (holder != null) {
            throw EngineException.conflict("failed to reserve sandbox name \"" + name + "\": name \"" + name
                    + "\" is reserved for \"" + holder + "\"");
        }
        ReentrantLock l = lock(id);
        l.lock();
        try {
            PodSandbox s = new PodSandbox(id, req.metadata(), State.SANDBOX_NOTREADY, clock.getAsLong(), req.labels(),
                    req.annotations(), req.runtimeHandler(), req.hostname(), req.logDirectory(), req.cgroupParent(),
                    req.namespaces(), "", List.of(), req.network().portMappings(), 0, 0, req.linux());
            try {
                // synced only before what outlives a power cut (the CNI ADD's address reservations) and at the end:
                // a netns mount, an infra process and the records of them go together
                store.putUnsynced(s);
                s = networkAndInfra(s, req);
                s = s.withState(State.SANDBOX_READY);
                store.put(s);
                changes.publish(SandboxChanges.Kind.CREATED, s, clock.getAsLong());
                changes.publish(SandboxChanges.Kind.STARTED, s, clock.getAsLong());
                return s;
            } catch (RuntimeException e) {
                undo(store.get(id).orElse(s), e); // what was recorded last: the netns, the infra
                names.remove(name, id);
                locks.remove(id);
                throw e;
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * The pod's network and its infra process, each step recorded as it is made (so that a jdockd killed midway
     * finds what to undo): the netns and the CNI ADD, then the infra in it; in its own user namespace the infra
     * first (the pod's netns must be owned by that namespace: the infra makes it, containerd 2's order), then its
     * netns kept and the CNI ADD (the infra's net.* sysctls come before the ADD then).
     */
    private PodSandbox networkAndInfra(PodSandbox s, Request req) {
        if (s.userns() != null) {
            InfraRuntime.Infra infra = runtime.start(s);
            s = s.withInfra(infra.pid(), infra.monitorPid());
            store.putUnsynced(s);
            Path ns = network.adoptNetns(s.id(), infra.pid());
            s = s.withNetwork(ns.toString(), List.of());
            store.put(s); // before the CNI ADD
            return s.withNetwork(ns.toString(), network.attach(s, ns, req.network()));
        }
        if (!s.hostNetwork()) {
            Path ns = network.createNetns(s.id());
            s = s.withNetwork(ns.toString(), List.of());
            store.put(s); // before the CNI ADD
            s = s.withNetwork(ns.toString(), network.attach(s, ns, req.network()));
            store.putUnsynced(s);
        }
        InfraRuntime.Infra infra = runtime.start(s);
        return s.withInfra(infra.pid(), infra.monitorPid());
    }

    /** What a failed run made, in reverse; failures of the undo are attached to the cause. */
    private void undo(PodSandbox s, RuntimeException cause) {
        try {
            release(s, Duration.ZERO);
            runtime.cleanup(s);
            store.remove(s.id());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Stops the infra process, detaches the network and removes the namespace; the record says NOTREADY. An unknown
     * id is not an error: the CRI's StopPodSandbox is idempotent, and critest stops a sandbox that never existed.
     */
    public void stop(String ref, Duration grace) {
        String id = resolve(ref);
        ReentrantLock l = lock(id);
        l.lock();
        try {
            Optional<PodSandbox> found = store.get(id);
            if (found.isEmpty()) {
                locks.remove(id, l);
                return;
            }
            PodSandbox s = found.get();
            members.stopAll(id);
            release(s, grace);
            PodSandbox stopped = s.withInfra(0, 0).withState(State.SANDBOX_NOTREADY);
            store.put(stopped);
            if (s.state() == State.SANDBOX_READY) {
                changes.publish(SandboxChanges.Kind.STOPPED, stopped, clock.getAsLong());
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Stops the infra and takes the pod off its network. A record without a netns path yet (a jdockd killed between
     * making the netns and recording it) still has its netns removed; the CNI ADD had not started then.
     */
    private void release(PodSandbox s, Duration grace) {
        runtime.stop(s, grace);
        if (!s.netns().isEmpty()) {
            network.detach(s, Path.of(s.netns()), new RuntimeConfig(s.ports(), null, null));
        }
        if (!s.hostNetwork()) {
            network.removeNetns(s.id());
        }
    }

    /**
     * After a jdockd restart (the infra processes outlive it under their monitors): a READY sandbox whose infra is
     * gone is recorded NOTREADY, as containerd's recovery marks it; the kubelet then stops and removes it. A record
     * left midway by a killed RunPodSandbox is NOTREADY already, and removable: remove undoes what it finds.
     * Returns how many were marked.
     */
    public int reconcile() {
        int marked = 0;
        for (PodSandbox s : store.all()) {
            ReentrantLock l = lock(s.id());
            l.lock();
            try {
                marked += markIfExited(s.id());
            } finally {
                l.unlock();
            }
        }
        return marked;
    }

    /**
     * While jdockd runs: a READY sandbox whose infra process ended on its own (killed, OOM) is recorded NOTREADY with
     * a STOPPED change, as containerd does on the infra task's exit. Never waits: a sandbox another call holds (a stop
     * or a remove, which publish their own change) is skipped. Returns how many were marked.
     */
    public int noticeExits() {
        int marked = 0;
        for (PodSandbox s : store.all()) {
            if (s.state() != State.SANDBOX_READY || runtime.running(s)) {
                continue;
            }
            ReentrantLock l = lock(s.id());
            if (l.tryLock()) {
                try {
                    marked += markIfExited(s.id());
                } finally {
                    l.unlock();
                }
            }
        }
        return marked;
    }

    /** Under the sandbox's lock: 1 when it was READY with its infra gone, now recorded NOTREADY; else 0. */
    private int markIfExited(String id) {
        Optional<PodSandbox> now = store.get(id);
        if (now.isEmpty() || now.get().state() != State.SANDBOX_READY || runtime.running(now.get())) {
            return 0;
        }
        PodSandbox stopped = now.get().withState(State.SANDBOX_NOTREADY);
        store.put(stopped);
        changes.publish(SandboxChanges.Kind.STOPPED, stopped, clock.getAsLong());
        return 1;
    }

    /** Stops it when needed, then forgets it; an unknown id is not an error (the CRI's RemovePodSandbox). */
    public void remove(String ref, Duration grace) {
        String id = resolve(ref);
        ReentrantLock l = lock(id);
        l.lock();
        try {
            Optional<PodSandbox> found = store.get(id);
            if (found.isEmpty()) {
                return;
            }
            PodSandbox s = found.get();
            members.removeAll(id);
            release(s, grace);
            runtime.cleanup(s);
            store.remove(id);
            names.remove(name(s.metadata()), id);
            changes.publish(SandboxChanges.Kind.DELETED, s.withInfra(0, 0).withState(State.SANDBOX_NOTREADY),
                    clock.getAsLong());
        } finally {
            l.unlock();
        }
        locks.remove(id);
    }

    /** The sandboxes' lifecycle changes from now on (GetContainerEvents). */
    public SandboxChanges.Watcher watch() {
        return changes.watch();
    }

    /** The sandbox as it is now: READY only while its infra process runs. */
    public PodSandbox status(String id) {
        return current(store.get(resolve(id)).orElseThrow(() -> notFound(id)));
    }

    public List<PodSandbox> list(Filter f) {
        List<PodSandbox> out = new ArrayList<>();
        for (PodSandbox s : store.all()) {
            PodSandbox c = current(s);
            if (f != null && f.id() != null && !f.id().isEmpty() && !c.id().startsWith(f.id())) {
                continue;
            }
            if (f != null && f.state() != null && c.state() != f.state()) {
                continue;
            }
            if (f != null && f.labels() != null
                    && !f.labels().entrySet().stream().allMatch(e -> e.getValue().equals(c.labels().get(e.getKey())))) {
                continue;
            }
            out.add(c);
        }
        out.sort((a, b) -> Long.compare(a.createdAtNanos(), b.createdAtNanos()));
        return out;
    }

    private PodSandbox current(PodSandbox s) {
        return s.state() == State.SANDBOX_READY && !runtime.running(s) ? s.withState(State.SANDBOX_NOTREADY) : s;
    }

    /** A full id, or a unique prefix of one (as containerd's truncindex). */
    String resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EngineException.invalid("sandbox id must not be empty");
        }
        if (store.get(ref).isPresent()) {
            return ref;
        }
        List<String> hits = store.all().stream().map(PodSandbox::id).filter(i -> i.startsWith(ref)).toList();
        if (hits.size() > 1) {
            throw EngineException.invalid("sandbox id prefix \"" + ref + "\" is ambiguous");
        }
        return hits.isEmpty() ? ref : hits.get(0);
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private static EngineException notFound(String id) {
        return EngineException.notFound("an error occurred when try to find sandbox \"" + id + "\": not found");
    }

    static String newId() {
        byte[] b = new byte[32];
        IDS.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
