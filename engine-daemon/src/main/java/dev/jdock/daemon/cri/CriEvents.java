package dev.jdock.daemon.cri;

import dev.jdock.api.types.system.EventMessage;
import dev.jdock.daemon.cri.container.CriContainers;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.v1.ContainerEventResponse;
import dev.jdock.daemon.cri.v1.ContainerEventType;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.events.EventBus;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GetContainerEvents: the CRI containers' lifecycle as a stream, from the daemon's one event bus (what {@code docker
 * events} shows too): {@code create}, {@code start}, {@code die} and {@code destroy} of a container the CRI made
 * become CONTAINER_CREATED, _STARTED, _STOPPED and _DELETED events, each with its pod's status and the statuses of the
 * pod's containers, as containerd sends them to the kubelet's evented PLEG.
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

    private final EventBus bus;
    private final PodSandboxes sandboxes;
    private final CriContainers containers;
    private final AtomicInteger streams = new AtomicInteger();

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
        try (EventBus.Subscription sub = bus.subscribe(null, CriEvents::ofCriContainer)) {
            while (!call.isCancelled()) {
                EventMessage e = sub.poll(250, TimeUnit.MILLISECONDS);
                if (e == null) {
                    if (sub.dropped()) {
                        out.onError(Status.ABORTED.withDescription("the container event stream fell behind")
                                .asRuntimeException());
                        return;
                    }
                    continue;
                }
                ContainerEventResponse r = response(e);
                while (!call.isReady()) {
                    if (call.isCancelled()) {
                        return;
                    }
                    Thread.sleep(20);
                }
                call.onNext(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.withDescription("jdockd is stopping").asRuntimeException());
        } finally {
            streams.decrementAndGet();
        }
    }

    static boolean ofCriContainer(EventMessage e) {
        return "container".equals(e.type()) && TYPES.containsKey(e.action()) && e.actor() != null
                && e.actor().attributes() != null && e.actor().attributes().containsKey(CriContainers.SANDBOX_LABEL);
    }

    /** The event with its pod's status and its pod's containers' statuses as they are now. */
    ContainerEventResponse response(EventMessage e) {
        String sandbox = e.actor().attributes().get(CriContainers.SANDBOX_LABEL);
        ContainerEventResponse.Builder b = ContainerEventResponse.newBuilder()
                .setContainerId(e.actor().id())
                .setContainerEventType(TYPES.get(e.action()))
                .setCreatedAt(e.timeNano());
        try {
            b.setPodSandboxStatus(SandboxViews.status(sandboxes.status(sandbox)));
        } catch (EngineException gone) {
            // removed meanwhile: the event goes without its pod's status
        }
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
