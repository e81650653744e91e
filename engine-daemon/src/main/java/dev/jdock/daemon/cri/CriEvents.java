package dev.jdock.daemon.cri;

import dev.jdock.api.types.system.EventMessage;
import dev.jdock.daemon.cri.container.CriContainers;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.pod.SandboxChanges;
import dev.jdock.daemon.cri.v1.ContainerEventResponse;
import dev.jdock.daemon.cri.v1.ContainerEventType;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.events.EventBus;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GetContainerEvents: the CRI containers' lifecycle as a stream, from the daemon's one event bus (what {@code docker
 * events} shows too): {@code create}, {@code start}, {@code die} and {@code destroy} of a container the CRI made
 * become CONTAINER_CREATED, _STARTED, _STOPPED and _DELETED events, each with its pod's status and the statuses of the
 * pod's containers, as containerd sends them to the kubelet's evented PLEG; and the sandboxes' own (created and
 * started by RunPodSandbox, stopped, removed), with the sandbox's ID as the container's.
 *
 * <p>Bounded: at most {@link #MAX_STREAMS} streams at once (each holds one call thread while it lasts); a stream is
 * written only while its client reads (gRPC's readiness, polled: the call's own callbacks wait behind the running
 * call), and one whose client fell a queue behind (1,024 events) is ended with ABORTED: the kubelet subscribes again
 * and relists.
 */
final class CriEvents {
    static final int MAX_STREAMS = 16;
    private static final Map<String, ContainerEventType> TYPES = Map.of(
            "create", ContainerEventType.CONTAINER_CREATED_EVENT,
            "start", ContainerEventType.CONTAINER_STARTED_EVENT,
            "die", ContainerEventType.CONTAINER_STOPPED_EVENT,
            "destroy", ContainerEventType.CONTAINER_DELETED_EVENT);

    private static final Map<SandboxChanges.Kind, ContainerEventType> SANDBOX_TYPES = Map.of(
            SandboxChanges.Kind.CREATED, ContainerEventType.CONTAINER_CREATED_EVENT,
            SandboxChanges.Kind.STARTED, ContainerEventType.CONTAINER_STARTED_EVENT,
            SandboxChanges.Kind.STOPPED, ContainerEventType.CONTAINER_STOPPED_EVENT,
            SandboxChanges.Kind.DELETED, ContainerEventType.CONTAINER_DELETED_EVENT);
    /** How long one poll of the containers' events waits before the sandboxes' changes are looked at again. */
    private static final long POLL_MS = 100;
    /**
     * How often a sandbox whose infra ended on its own is looked for ({@link PodSandboxes#noticeExits}), by one of
     * the streams: only while someone listens; a status call sees the exit at once anyway.
     */
    static final long EXIT_SWEEP_NANOS = 1_000_000_000L;

    private final EventBus bus;
    private final PodSandboxes sandboxes;
    private final CriContainers containers;
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    CriEvents(EventBus bus, PodSandboxes sandboxes, CriContainers containers) {
        this.bus = bus;
        this.sandboxes = sandboxes;
        this.containers = containers;
    }

    /** Streams events until the client cancels (or falls behind); runs on the calling call thread. */
    void stream(StreamObserver<ContainerEventResponse> out) {
        ServerCallStreamObserver<ContainerEventResponse> call = (ServerCallStreamObserver<ContainerEventResponse>) out;
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            out.onError(Status.RESOURCE_EXHAUSTED.withDescription("too many container event streams (at most "
                    + MAX_STREAMS + ")").asRuntimeException());
            return;
        }
        try (EventBus.Subscription sub = bus.subscribe(null, CriEvents::ofCriContainer);
                SandboxChanges.Watcher pods = sandboxes.watch()) {
            while (!call.isCancelled()) {
                sweepExits();
                // the sandboxes' changes are rare: looked at between the containers' polls (at most POLL_MS late)
                SandboxChanges.Change c = pods.poll(0, TimeUnit.MILLISECONDS);
                EventMessage e = c == null ? sub.poll(POLL_MS, TimeUnit.MILLISECONDS) : null;
                if (c == null && e == null) {
                    if (sub.dropped() || pods.dropped()) {
                        out.onError(Status.ABORTED.withDescription("the container event stream fell behind")
                                .asRuntimeException());
                        return;
                    }
                    continue;
                }
                Optional<ContainerEventResponse> r = c != null ? Optional.of(response(c)) : response(e);
                if (r.isEmpty()) {
                    continue;
                }
                while (!call.isReady()) {
                    if (call.isCancelled()) {
                        return;
                    }
                    Thread.sleep(20);
                }
                call.onNext(r.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.withDescription("jdockd is stopping").asRuntimeException());
        } finally {
            streams.decrementAndGet();
        }
    }

    /** At most once per {@link #EXIT_SWEEP_NANOS} over all streams: the exited infras' STOPPED changes. */
    void sweepExits() {
        long last = lastSweep.get();
        long now = System.nanoTime();
        if (now - last >= EXIT_SWEEP_NANOS && lastSweep.compareAndSet(last, now)) {
            sandboxes.noticeExits();
        }
    }

    static boolean ofCriContainer(EventMessage e) {
        return "container".equals(e.type()) && TYPES.containsKey(e.action()) && e.actor() != null
                && e.actor().attributes() != null && e.actor().attributes().containsKey(CriContainers.SANDBOX_LABEL);
    }

    /**
     * The event with its pod's status and its pod's containers' statuses as they are now; none when the pod is gone
     * (containerd skips such an event: the kubelet reads the pod's UID from its status).
     */
    Optional<ContainerEventResponse> response(EventMessage e) {
        String sandbox = e.actor().attributes().get(CriContainers.SANDBOX_LABEL);
        PodSandbox pod;
        try {
            pod = sandboxes.status(sandbox);
        } catch (EngineException gone) {
            return Optional.empty();
        }
        return Optional.of(withContainers(ContainerEventResponse.newBuilder()
                .setContainerId(e.actor().id())
                .setContainerEventType(TYPES.get(e.action()))
                .setCreatedAt(e.timeNano())
                .setPodSandboxStatus(SandboxViews.status(pod)), sandbox));
    }

    /**
     * A sandbox's own event, as containerd sends it: the sandbox's ID as the container's, its status (now, or as it
     * was when it was removed) and its containers' statuses.
     */
    ContainerEventResponse response(SandboxChanges.Change c) {
        String id = c.sandbox().id();
        PodSandbox pod = c.sandbox();
        if (c.kind() != SandboxChanges.Kind.DELETED) {
            try {
                pod = sandboxes.status(id);
            } catch (EngineException gone) {
                // removed meanwhile: as it was
            }
        }
        return withContainers(ContainerEventResponse.newBuilder()
                .setContainerId(id)
                .setContainerEventType(SANDBOX_TYPES.get(c.kind()))
                .setCreatedAt(c.atNanos())
                .setPodSandboxStatus(SandboxViews.status(pod)), id);
    }

    private ContainerEventResponse withContainers(ContainerEventResponse.Builder b, String sandbox) {
        for (String id : containers.ofSandbox(sandbox)) {
            try {
                b.addContainersStatuses(containers.status(id));
            } catch (EngineException gone) {
                // removed meanwhile
            }
        }
        return b.build();
    }
}
